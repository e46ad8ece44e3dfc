import { ForbiddenException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { City } from '../../src/cities/city.entity';
import { CityAdministrationService } from '../../src/cities/city-administration.service';
import { Officer } from '../../src/cities/officer-scope';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { CompanyImport } from '../../src/companies/company-import.entity';
import { CompanyImportService } from '../../src/companies/company-import.service';
import { CompanyLifecycleService } from '../../src/companies/company-lifecycle.service';
import { CompanyProfileService } from '../../src/companies/company-profile.service';
import { CompanyStatus } from '../../src/companies/company-status';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { UserRole } from '../../src/common/principal';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { MAIL_QUEUE } from '../../src/queue/queue.constants';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, PUBLIC_ORIGIN, sessionCookieFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';
const OFFICE_OF_BAD_HOMBURG = {
  officeName: 'Wirtschaftsförderung Bad Homburg v. d. Höhe',
  email: 'wirtschaft@bad-homburg.example',
  preferredLanguage: 'de',
  introductionRouting: IntroductionRouting.CompanyWithOfficeCc,
};

type Auth = { authorization: string };

/** What an officer of one member city may do with the companies, requests and offices of another. */
describe('Officers act only for their own city (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let home: Auth;
  let cologne: Auth;
  let foshan: Auth;
  let admin: Auth;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const bearer = async (options: { role?: UserRole; citySlug?: string }) => ({ authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app, options)).email)}` });
    home = await bearer({});
    cologne = await bearer({ citySlug: 'koeln' });
    foshan = await bearer({ citySlug: 'foshan' });
    admin = await bearer({ role: UserRole.Admin });
    for (const slug of ['bad-homburg', 'koeln', 'foshan']) {
      const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
      await dataSource.getRepository(OfficeContact).save({ cityId: city.id, ...OFFICE_OF_BAD_HOMBURG, ...(slug !== 'bad-homburg' && { officeName: `Office of ${slug}`, email: `office@${slug}.example` }) });
    }
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const smeInBadHomburg = () => createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } });
  const partnerIn = (slug: string) => createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' } }, slug);
  const auditOf = (subjectId: string) => dataSource.getRepository(AuditEntry).findBy({ subjectId });

  async function waitingForReview(): Promise<Company> {
    const company = await smeInBadHomburg();
    await dataSource.getRepository(Company).update(company.id, { status: CompanyStatus.PendingReview, activatedAt: null, expiresAt: null });
    return company;
  }

  describe('company profiles', () => {
    it('refuses the full profile with contact data of a Bad Homburg company to officers of other member cities', async () => {
      const company = await smeInBadHomburg();
      for (const other of [foshan, cologne]) {
        const refused = await http().get(`/api/companies/${company.id}/profile`).set(other);
        expect(refused.status).toBe(403);
        expect(JSON.stringify(refused.body)).not.toContain(company.contactEmail!);
      }
      const seen = await http().get(`/api/companies/${company.id}/profile`).set(home).expect(200);
      expect(seen.body.contact.email).toBe(company.contactEmail);
    });

    it('refuses the profile review queue, with its contact data, to officers of other member cities, in the API and the pages', async () => {
      const waiting = await waitingForReview();
      for (const other of [foshan, cologne]) {
        expect((await http().get('/api/officer/companies').set(other)).status).toBe(403);
        const page = await http().get('/officer/companies').set(other);
        expect(page.status).toBe(403);
        expect(page.text).not.toContain(waiting.contactEmail!);
      }
      const queue = await http().get('/api/officer/companies').query({ status: 'pending_review', pageSize: 100 }).set(home).expect(200);
      expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(waiting.id);
    });

    it('lets no officer of another member city approve or reject a Bad Homburg company, and leaves nothing behind', async () => {
      const waiting = await waitingForReview();
      for (const other of [foshan, cologne]) {
        expect((await http().post(`/api/officer/companies/${waiting.id}/reject`).set(other).send({ reason: 'Your tax account is locked, pay at once.' })).status).toBe(403);
        expect((await http().post(`/api/officer/companies/${waiting.id}/approve`).set(other).send({})).status).toBe(403);
        expect((await http().post(`/officer/companies/${waiting.id}/reject`).set(other).type('form').send({ reason: 'Your tax account is locked, pay at once.' })).status).toBe(403);
      }
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: waiting.id })).status).toBe(CompanyStatus.PendingReview);
      expect(await auditOf(waiting.id)).toEqual([]);
      const outbox = await dataSource.query(`SELECT id FROM outbox_messages WHERE recipient = $1`, [waiting.contactEmail]);
      expect(outbox).toEqual([]);
      await http().post(`/api/officer/companies/${waiting.id}/approve`).set(home).send({}).expect(201);
    });

    it('lets no officer of another member city erase a Bad Homburg company', async () => {
      const company = await smeInBadHomburg();
      for (const other of [foshan, cologne]) expect((await http().delete(`/api/companies/${company.id}`).set(other)).status).toBe(403);
      const kept = await dataSource.getRepository(Company).findOneByOrFail({ id: company.id });
      expect({ status: kept.status, legalName: kept.legalName, contactEmail: kept.contactEmail }).toEqual({ status: CompanyStatus.Active, legalName: company.legalName, contactEmail: company.contactEmail });
      expect(await auditOf(company.id)).toEqual([]);
      await http().delete(`/api/companies/${company.id}`).set(admin).expect(204);
    });

    it('shows partner suggestions of a Bad Homburg company to the home office, not to officers of other member cities', async () => {
      const company = await smeInBadHomburg();
      expect((await http().get(`/api/companies/${company.id}/suggestions`).set(foshan)).status).toBe(403);
      await http().get(`/api/companies/${company.id}/suggestions`).set(home).expect(200);
      const cologneCompany = await partnerIn('koeln');
      await http().get(`/api/companies/${cologneCompany.id}/suggestions`).set(cologne).expect(200);
    });
  });

  describe('audit log and CSV import', () => {
    it('refuses the audit log to officers of other member cities, in the API, as CSV and as a page', async () => {
      for (const other of [foshan, cologne]) {
        expect((await http().get('/api/officer/audit').set(other)).status).toBe(403);
        expect((await http().get('/api/officer/audit/export.csv').set(other)).status).toBe(403);
        expect((await http().get('/officer/audit').set(other)).status).toBe(403);
      }
      await http().get('/api/officer/audit').set(home).expect(200);
    });

    it('refuses the CSV import to officers of other member cities and stores nothing', async () => {
      const before = await dataSource.getRepository(CompanyImport).count();
      for (const other of [foshan, cologne]) {
        expect((await http().post('/api/officer/companies/import').set(other).set('content-type', 'text/csv').send('legal_name\nX')).status).toBe(403);
        expect((await http().post('/officer/import').set(other).type('form').send({ csv: 'legal_name\nX' })).status).toBe(403);
        expect((await http().get('/officer/import').set(other)).status).toBe(403);
      }
      expect(await dataSource.getRepository(CompanyImport).count()).toBe(before);
    });
  });

  describe('office contacts', () => {
    it('lets no officer of another member city rewrite or remove the Bad Homburg office contact', async () => {
      const attacker = { ...OFFICE_OF_BAD_HOMBURG, email: 'office@attacker.example', introductionRouting: IntroductionRouting.ViaOffice };
      for (const other of [foshan, cologne]) {
        expect((await http().put('/api/officer/cities/bad-homburg/office-contact').set(other).send(attacker)).status).toBe(403);
        expect((await http().delete('/api/officer/cities/bad-homburg/office-contact').set(other)).status).toBe(403);
        expect((await http().post('/officer/cities/bad-homburg').set(other).type('form').send(attacker)).status).toBe(403);
        expect((await http().get('/officer/cities/bad-homburg').set(other)).status).toBe(403);
      }
      const badHomburg = await dataSource.getRepository(City).findOneByOrFail({ slug: 'bad-homburg' });
      const contact = await dataSource.getRepository(OfficeContact).findOneByOrFail({ cityId: badHomburg.id });
      expect({ email: contact.email, routing: contact.introductionRouting }).toEqual({ email: OFFICE_OF_BAD_HOMBURG.email, routing: IntroductionRouting.CompanyWithOfficeCc });
      expect(await dataSource.getRepository(AuditEntry).findBy({ subjectType: 'city', subjectId: 'bad-homburg' })).toEqual([]);
    });

    it('lets an officer keep the office contact of their own city, and the home office every city’s', async () => {
      await http().put('/api/officer/cities/foshan/office-contact').set(foshan).send({ ...OFFICE_OF_BAD_HOMBURG, officeName: 'Foshan office', email: 'office@foshan.example', preferredLanguage: 'zh' }).expect(204);
      expect((await http().put('/api/officer/cities/foshan/office-contact').set(cologne).send({ ...OFFICE_OF_BAD_HOMBURG, email: 'x@attacker.example' })).status).toBe(403);
      await http().put('/api/officer/cities/koeln/office-contact').set(home).send({ ...OFFICE_OF_BAD_HOMBURG, officeName: 'Köln office', email: 'office@koeln.example' }).expect(204);
      await http().get('/officer/cities/foshan').set(foshan).expect(200);
    });
  });

  describe('match requests', () => {
    it('refuses an officer proposal outside the officer’s city before writing anything', async () => {
      const requester = await smeInBadHomburg();
      const target = await partnerIn('foshan');
      const proposal = { requesterCompanyId: requester.id, targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE };
      for (const other of [foshan, cologne]) expect((await http().post('/api/officer/match-requests').set(other).send(proposal)).status).toBe(403);
      expect(await dataSource.getRepository(MatchRequest).findBy({ requesterCompanyId: requester.id })).toEqual([]);
      expect(await dataSource.query(`SELECT id FROM audit_entries WHERE action = 'match_request.created' AND after->>'requesterCompanyId' = $1`, [requester.id])).toEqual([]);
      const made = await http().post('/api/officer/match-requests').set(home).send(proposal).expect(201);
      expect(made.body.status).toBe('approved');
    });

    it('shows officers of the partner city the requests of their city without any contact data', async () => {
      const requester = await smeInBadHomburg();
      const target = await partnerIn('foshan');
      const created = await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201);
      const queue = await http().get('/api/officer/match-requests').query({ pageSize: 100 }).set(foshan).expect(200);
      const item = queue.body.items.find((candidate: { id: string }) => candidate.id === created.body.id);
      expect(item).toBeDefined();
      expect({ requester: item.requester.contact, target: item.target.contact }).toEqual({ requester: null, target: null });
      expect(JSON.stringify(queue.body)).not.toContain(requester.contactEmail!);
      const page = await http().get('/officer/match-requests').set(foshan).expect(200);
      expect(page.text).toContain(requester.legalName);
      expect(page.text).not.toContain(requester.contactEmail!);
      expect(page.text).not.toContain(target.contactEmail!);
      // The home office reviews it first: the partner office is offered no decision forms for it yet.
      expect(page.text).not.toContain(`/officer/match-requests/${created.body.id}/approve`);
      expect((await http().get('/officer/match-requests').set(home).expect(200)).text).toContain(`/officer/match-requests/${created.body.id}/approve`);
      const cologneQueue = await http().get('/api/officer/match-requests').query({ pageSize: 100 }).set(cologne).expect(200);
      expect(cologneQueue.body.items.map((candidate: { id: string }) => candidate.id)).not.toContain(created.body.id);
      const homeQueue = await http().get('/api/officer/match-requests').query({ pageSize: 100 }).set(home).expect(200);
      expect(homeQueue.body.items.find((candidate: { id: string }) => candidate.id === created.body.id).requester.contact.email).toBe(requester.contactEmail);
    });
  });

  describe('statistics', () => {
    it('count for an officer of another member city only the requests involving its city', async () => {
      for (const slug of ['foshan', 'koeln', 'hamburg']) {
        const requester = await smeInBadHomburg();
        await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: (await partnerIn(slug)).id, purpose: 'distribution', message: MESSAGE }).expect(201);
      }
      const partnerCities = async (auth: Auth) => (await http().get('/api/officer/stats').set(auth).expect(200)).body.byPartnerCity.map((city: { slug: string }) => city.slug).sort();
      expect(await partnerCities(foshan)).toEqual(['foshan']);
      expect(await partnerCities(cologne)).toEqual(['koeln']);
      expect(await partnerCities(home)).toEqual(expect.arrayContaining(['foshan', 'hamburg', 'koeln']));
      const csv = (await http().get('/api/officer/stats.csv').set(foshan).expect(200)).text;
      expect(csv).not.toMatch(/koeln|hamburg/);
    });
  });

  describe('queue dashboard', () => {
    it('is for administrators only: an officer cannot pause, empty or obliterate the mail queue', async () => {
      const officer = await createStaffUser(app);
      const cookie = await sessionCookieFor(app, officer.email);
      const queue = app.get<Queue>(getQueueToken(MAIL_QUEUE), { strict: false });
      expect((await http().get('/admin/queues').set('cookie', cookie)).status).toBe(403);
      expect((await http().get('/admin/queues/api/queues').set(home)).status).toBe(403);
      for (const action of ['pause', 'empty', 'obliterate']) {
        expect((await http().put(`/admin/queues/api/queues/${MAIL_QUEUE}/${action}`).set('cookie', cookie).set('origin', PUBLIC_ORIGIN).send({})).status).toBe(403);
      }
      expect(await queue.isPaused()).toBe(false);
      expect((await http().get('/admin/queues/api/queues').set(admin)).status).toBe(200);
    });
  });

  describe('services', () => {
    it('refuse an officer of another member city on their own, whatever calls them, before writing anything', async () => {
      const cologneOfficer = await createStaffUser(app, { citySlug: 'koeln' });
      const officer: Officer = { userId: cologneOfficer.id, role: cologneOfficer.role, cityId: cologneOfficer.cityId };
      const waiting = await waitingForReview();
      const imports = await dataSource.getRepository(CompanyImport).count();
      const refusals = [
        app.get(CompanyLifecycleService).reject(waiting.id, officer, 'Your tax account is locked, pay at once.'),
        app.get(CompanyLifecycleService).approve(waiting.id, officer),
        app.get(CompanyProfileService).erase(waiting.id, { type: 'user', ...officer, sessionId: '' }),
        app.get(CompanyImportService).start([IMPORT_COLUMNS.join(';')].join('\n'), 'x.csv', officer),
        app.get(CityAdministrationService).saveOfficeContact(officer, 'bad-homburg', { ...OFFICE_OF_BAD_HOMBURG, email: 'office@attacker.example' }),
        app.get(CityAdministrationService).removeOfficeContact(officer, 'bad-homburg'),
      ];
      for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(ForbiddenException);
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: waiting.id })).status).toBe(CompanyStatus.PendingReview);
      expect(await auditOf(waiting.id)).toEqual([]);
      expect(await dataSource.getRepository(CompanyImport).count()).toBe(imports);
      expect(await dataSource.getRepository(AuditEntry).findBy({ subjectType: 'city', subjectId: 'bad-homburg' })).toEqual([]);
    });
  });

  describe('officer pages', () => {
    it('shows officers of other member cities only what they may use', async () => {
      const links = (html: string) => [...html.matchAll(/href="(\/officer[^"?#]*)"/g)].map((match) => match[1]);
      const partnerNav = links((await http().get('/officer').set(foshan).expect(200)).text);
      expect(partnerNav).toEqual(expect.arrayContaining(['/officer/match-requests', '/officer/cities', '/officer/stats']));
      for (const hidden of ['/officer/companies', '/officer/emails', '/officer/import', '/officer/audit', '/officer/officers']) expect(partnerNav).not.toContain(hidden);
      const homeNav = links((await http().get('/officer').set(home).expect(200)).text);
      expect(homeNav).toEqual(expect.arrayContaining(['/officer/companies', '/officer/emails', '/officer/import', '/officer/audit']));
      expect(homeNav).not.toContain('/officer/officers');
    });
  });
});
