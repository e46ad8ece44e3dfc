import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { User } from '../../src/auth/user.entity';
import { UserRole } from '../../src/common/principal';
import { createStaffUser } from '../factories/staff.factory';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { lastOutboxMessage } from '../utils/outbox';

describe('Administration: officers, office contacts, member cities and the audit log (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let admin: User;
  let adminAuth: { authorization: string };
  let officer: User;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    admin = await createStaffUser(app, { role: UserRole.Admin });
    adminAuth = { authorization: `Bearer ${await bearerTokenFor(app, admin.email)}` };
    officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const auditActions = async (subjectId: string) => (await dataSource.getRepository(AuditEntry).findBy({ subjectId })).map((entry) => entry.action);

  describe('officer accounts', () => {
    it('invites an officer: account, invitation email in the outbox and audit entry, all together', async () => {
      const response = await http()
        .post('/api/admin/officers')
        .set(adminAuth)
        .send({ email: 'li.wei@foshan.example', displayName: 'Li Wei', citySlug: 'foshan', language: 'zh' })
        .expect(201);
      expect(response.body).toMatchObject({ role: 'officer', citySlug: 'foshan', passwordSet: false, disabled: false });
      const [message] = await dataSource.query(`SELECT template, language, payload FROM outbox_messages WHERE recipient = 'li.wei@foshan.example'`);
      expect(message).toMatchObject({ template: 'officer_invitation', language: 'zh', payload: { displayName: 'Li Wei', inviterName: admin.displayName } });
      expect(message.payload).not.toHaveProperty('link');
      expect((await lastOutboxMessage(app, 'officer_invitation', 'li.wei@foshan.example'))!.secretLink).toMatch(/^http:\/\/localhost:3000\/auth\/set-password\?token=[A-Za-z0-9_-]{43}$/);
      const [entry] = await dataSource.getRepository(AuditEntry).findBy({ action: 'officer.invited', subjectId: response.body.id });
      expect(entry).toMatchObject({ actorType: 'user', actorId: admin.id, actorRole: 'admin', after: { email: 'li.wei@foshan.example', role: 'officer' } });
      expect(entry.requestId).toEqual(expect.any(String));
    });

    it('refuses a second account for the same email, and an unknown city, writing nothing', async () => {
      const before = await dataSource.getRepository(User).count();
      const duplicate = await http().post('/api/admin/officers').set(adminAuth).send({ email: officer.email, displayName: 'Twin', citySlug: 'bad-homburg' }).expect(409);
      expect(duplicate.body.field).toBe('email');
      const unknownCity = await http().post('/api/admin/officers').set(adminAuth).send({ email: 'x@y.de', displayName: 'X', citySlug: 'atlantis' }).expect(422);
      expect(unknownCity.body.field).toBe('citySlug');
      const invalid = await http().post('/api/admin/officers').set(adminAuth).send({ email: 'nope', displayName: '', citySlug: 'Bad Homburg', role: 'king' }).expect(400);
      expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['citySlug', 'displayName', 'email', 'role']);
      expect(await dataSource.getRepository(User).count()).toBe(before);
    });

    it('disabling an officer ends their sessions at once; enabling lets them sign in again', async () => {
      const colleague = await createStaffUser(app);
      const colleagueToken = await bearerTokenFor(app, colleague.email);
      await http().patch(`/api/admin/officers/${colleague.id}`).set(adminAuth).send({ disabled: true }).expect(200);
      await http().get('/api/auth/me').set('authorization', `Bearer ${colleagueToken}`).expect(401);
      await http().patch(`/api/admin/officers/${colleague.id}`).set(adminAuth).send({ disabled: false }).expect(200);
      await bearerTokenFor(app, colleague.email);
      expect(await auditActions(colleague.id)).toEqual(expect.arrayContaining(['officer.updated']));
    });

    it('does not let an admin disable or demote themselves', async () => {
      await http().patch(`/api/admin/officers/${admin.id}`).set(adminAuth).send({ disabled: true }).expect(409);
      await http().patch(`/api/admin/officers/${admin.id}`).set(adminAuth).send({ role: 'officer' }).expect(409);
    });

    it('lists accounts with their state', async () => {
      const response = await http().get('/api/admin/officers').set(adminAuth).expect(200);
      const listed = response.body.find((entry: { id: string }) => entry.id === officer.id);
      expect(listed).toMatchObject({ email: officer.email, role: 'officer', citySlug: 'bad-homburg', passwordSet: true, secondFactorEnabled: false });
    });
  });

  describe('office contacts', () => {
    const cologneOffice = {
      officeName: 'Amt für Wirtschaftsförderung der Stadt Köln',
      contactPerson: 'Maria Schmidt',
      email: 'Wirtschaft@Stadt-Koeln.de',
      phone: '+49 221 221-0',
      postalAddress: 'Willy-Brandt-Platz 2\n50679 Köln',
      preferredLanguage: 'de',
      introductionRouting: 'via_office',
    };

    it('lets an officer enter a missing contact, shows it publicly, and audits before and after', async () => {
      expect((await http().get('/api/cities/koeln').expect(200)).body.officeContactStatus).toBe('missing');
      await http().put('/api/officer/cities/koeln/office-contact').set(officerAuth).send(cologneOffice).expect(204);
      const city = (await http().get('/api/cities/koeln').expect(200)).body;
      expect(city).toMatchObject({ officeContactStatus: 'maintained', officeContact: { email: 'wirtschaft@stadt-koeln.de', introductionRouting: 'via_office' } });

      await http().put('/api/officer/cities/koeln/office-contact').set(officerAuth).send({ ...cologneOffice, contactPerson: 'Jan Peters' }).expect(204);
      const entries = await dataSource.getRepository(AuditEntry).find({ where: { action: 'city.office_contact_saved', subjectId: 'koeln' }, order: { id: 'ASC' } });
      expect(entries).toHaveLength(2);
      expect(entries[0].before).toBeNull();
      expect(entries[1]).toMatchObject({ actorId: officer.id, before: { contactPerson: 'Maria Schmidt' }, after: { contactPerson: 'Jan Peters' } });

      await http().delete('/api/officer/cities/koeln/office-contact').set(officerAuth).expect(204);
      expect((await http().get('/api/cities/koeln').expect(200)).body.officeContact).toBeNull();
      await http().delete('/api/officer/cities/koeln/office-contact').set(officerAuth).expect(404);
    });

    it('names every invalid field and changes nothing', async () => {
      const response = await http()
        .put('/api/officer/cities/mainz/office-contact')
        .set(officerAuth)
        .send({ officeName: '', email: 'no', phone: 'call me', preferredLanguage: 'German', introductionRouting: 'fax' })
        .expect(400);
      expect([...new Set(response.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual([
        'email',
        'introductionRouting',
        'officeName',
        'phone',
        'preferredLanguage',
      ]);
      expect((await http().get('/api/cities/mainz').expect(200)).body.officeContact).toBeNull();
      await http().put('/api/officer/cities/atlantis/office-contact').set(officerAuth).send(cologneOffice).expect(404);
    });

    it('refuses direction controls in the office name and contact person, which every introduction shows, and stores them without invisible characters', async () => {
      for (const field of ['officeName', 'contactPerson']) {
        const response = await http()
          .put('/api/officer/cities/mainz/office-contact')
          .set(officerAuth)
          .send({ ...cologneOffice, [field]: 'Amt für Wirtschaft \u202Eetalp.ofni' })
          .expect(400);
        expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
      }
      expect((await http().get('/api/cities/mainz').expect(200)).body.officeContact).toBeNull();
      await http()
        .put('/api/officer/cities/mainz/office-contact')
        .set(officerAuth)
        .send({ ...cologneOffice, officeName: 'Amt\u200B für Wirt\u00ADschaft', contactPerson: 'Ｍaria Schmidt' })
        .expect(204);
      expect((await http().get('/api/cities/mainz').expect(200)).body.officeContact).toMatchObject({ officeName: 'Amt für Wirtschaft', contactPerson: 'Maria Schmidt' });
    });
  });

  describe('member cities', () => {
    it('lets an admin add a province and a new member, found by its towns', async () => {
      await http().post('/api/admin/regions').set(adminAuth).send({ code: 'CN-JS', nameDe: 'Jiangsu', nameEn: 'Jiangsu', nameZh: '江苏省' }).expect(204);
      await http().post('/api/admin/regions').set(adminAuth).send({ code: 'CN-JS', nameDe: 'Jiangsu', nameEn: 'Jiangsu', nameZh: '江苏省' }).expect(409);
      const withoutChineseName = { slug: 'taicang', nameDe: 'Taicang', nameEn: 'Taicang', regionCode: 'CN-JS', municipalities: [] };
      expect((await http().post('/api/admin/cities').set(adminAuth).send(withoutChineseName).expect(422)).body.field).toBe('nameZh');
      await http()
        .post('/api/admin/cities')
        .set(adminAuth)
        .send({ ...withoutChineseName, nameZh: '太仓', municipalities: ['Shaxi', '沙溪'] })
        .expect(204);
      const resolved = await http().get('/api/cities/resolve?municipality=%E6%B2%99%E6%BA%AA').expect(200);
      expect(resolved.body.city).toMatchObject({ slug: 'taicang', country: 'CN', region: { code: 'CN-JS' }, officeContactStatus: 'missing' });
      expect((await http().get('/api/cities?country=CN').expect(200)).body).toHaveLength(22);
      expect(await auditActions('taicang')).toEqual(['city.added']);
    });

    it('refuses a municipality that belongs to another member', async () => {
      const response = await http().post('/api/admin/cities/mainz/municipalities').set(adminAuth).send({ names: ['Wiesbaden', 'Kelsterbach'] }).expect(409);
      expect(response.body.message).toBe('Kelsterbach belongs to Rüsselsheim am Main/Raunheim/Kelsterbach already.');
      await http().get('/api/cities/resolve?municipality=Wiesbaden').expect(404);
      await http().post('/api/admin/cities/mainz/municipalities').set(adminAuth).send({ names: ['Mainz-Kastel'] }).expect(204);
      expect((await http().get('/api/cities/resolve?municipality=Mainz-Kastel').expect(200)).body.city.slug).toBe('mainz');
    });
  });

  describe('audit log', () => {
    it('lists entries newest first, filters them and pages with a cursor', async () => {
      const page = await http().get('/api/officer/audit?limit=2').set(officerAuth).expect(200);
      expect(page.body.entries).toHaveLength(2);
      expect(Number(page.body.entries[0].id)).toBeGreaterThan(Number(page.body.entries[1].id));
      const next = await http().get(`/api/officer/audit?limit=2&before=${page.body.nextCursor}`).set(officerAuth).expect(200);
      expect(Number(next.body.entries[0].id)).toBeLessThan(Number(page.body.entries[1].id));

      const filtered = await http().get(`/api/officer/audit?action=auth.logged_in&actorId=${officer.id}`).set(officerAuth).expect(200);
      expect(filtered.body.entries.length).toBeGreaterThan(0);
      expect(filtered.body.entries.every((entry: { action: string; actorId: string }) => entry.action === 'auth.logged_in' && entry.actorId === officer.id)).toBe(true);

      const bad = await http().get('/api/officer/audit?from=yesterday&limit=0&actorId=x').set(officerAuth).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['actorId', 'from', 'limit']);
    });

    it('exports the filtered log as CSV', async () => {
      const response = await http().get('/api/officer/audit/export.csv?subjectType=city').set(officerAuth).expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toContain('isa-match-audit.csv');
      const lines = response.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toBe('id,occurredAt,actorType,actorId,actorRole,action,subjectType,subjectId,before,after,requestId');
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.slice(1).every((line) => line.includes('"city"'))).toBe(true);
    });

    it('cannot be changed or deleted, even with SQL', async () => {
      await expect(dataSource.query(`UPDATE audit_entries SET action = 'x.y'`)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
      await expect(dataSource.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    });
  });
});
