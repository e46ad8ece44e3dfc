import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { Company } from '../../src/companies/company.entity';
import { registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { bearerTokenFor, clientAddress, PUBLIC_ORIGIN } from '../utils/http-client';
import { awaitOutboxMessage, lastOutboxMessage, tokenFromLink } from '../utils/outbox';
import { createTestApp } from '../utils/test-app';
import { createTestWorker } from '../utils/test-worker';

describe('Company registration, verification, review and self-service (e2e)', () => {
  let app: NestExpressApplication;
  // Sign-in links are written by the worker.
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let officerEmail: string;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerEmail = officer.email;
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const register = (body: Record<string, unknown>) => http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body);
  const companyCount = () => dataSource.getRepository(Company).count();
  /** The answer to a registration names no id (it is the same for a duplicate): the profile is found by its address. */
  const registeredId = async (body: Record<string, unknown>) => (await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: (body.contact as { email: string }).email })).id;
  const fieldsOf = (body: { errors: Array<{ field: string }> }) => [...new Set(body.errors.map((error) => error.field))].sort();

  /** Registers, verifies the email and signs the company user in; returns its id and cookie. */
  async function registeredAndSignedIn(overrides: Record<string, unknown> = {}) {
    const body = registrationBody(overrides);
    await register(body).expect(202);
    const id = await registeredId(body);
    const email = (body.contact as { email: string }).email;
    await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token: tokenFromLink(await lastOutboxMessage(app, 'company_email_verification', email)) }).expect(201);
    await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email }).expect(202);
    const signIn = await http()
      .post('/api/companies/session')
      .set('x-forwarded-for', clientAddress())
      .set('origin', PUBLIC_ORIGIN)
      .send({ token: tokenFromLink(await awaitOutboxMessage(app, 'company_magic_link', email)) })
      .expect(200);
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'])[0].split(';')[0];
    return { id: id as string, email, cookie, body };
  }

  describe('registration', () => {
    it('stores an unverified profile with computed SME class, records consent and queues the verification email', async () => {
      const body = registrationBody({ consent: { privacyPolicyVersion: '2026-11', chinaTransferVersion: '2026-11' } });
      const response = await register(body).expect(202);
      expect(response.body).toEqual({ message: expect.stringContaining('check the inbox') });
      const company = await dataSource.getRepository(Company).findOneOrFail({ where: { id: await registeredId(body) }, relations: { city: true } });
      expect(company).toMatchObject({ smeClass: 'small', status: 'unverified', municipality: 'Bad Homburg v. d. Höhe', nacePaths: expect.arrayContaining(['C', '26', '26.5', '26.51', '28']) });
      expect(company.city.slug).toBe('bad-homburg');
      const consents = await dataSource.query(`SELECT kind, version FROM company_consents WHERE company_id = $1 ORDER BY kind`, [company.id]);
      expect(consents).toEqual([
        { kind: 'privacy_policy', version: '2026-11' },
        { kind: 'china_transfer', version: '2026-11' },
      ]);
      const message = await lastOutboxMessage(app, 'company_email_verification', company.contactEmail!);
      // The address is not confirmed yet: the email carries nothing the registrant typed.
      expect(message).toMatchObject({ language: 'de', payload: {} });
      expect(message!.secretLink).toMatch(/^http:\/\/localhost:3000\/companies\/verify\?token=/);
      expect(message!.payload).not.toHaveProperty('link');
    });

    it('reports every invalid field at once with its path, and writes nothing', async () => {
      const before = await companyCount();
      const response = await register({
        ...registrationBody(),
        legalName: '',
        organisationType: 'startup',
        address: { street: 'X', postcode: '!', municipality: '' },
        size: { staffHeadcount: -1, annualTurnoverEur: 'a lot' },
        sectors: [],
        offers: { types: ['bribery'], text: 'x' },
        contact: { name: 'J', email: 'not-an-email' },
        languages: ['deu'],
        anonymous: 'yes',
        consent: { privacyPolicyVersion: '2019-01' },
        hacker: true,
      }).expect(400);
      expect(fieldsOf(response.body)).toEqual([
        'address.municipality',
        'address.postcode',
        'address.street',
        'anonymous',
        'consent.privacyPolicyVersion',
        'contact.email',
        'contact.name',
        'hacker',
        'languages[0]',
        'legalName',
        'offers.types',
        'organisationType',
        'sectors',
        'size.annualTurnoverEur',
        'size.staffHeadcount',
      ].map((field) => field.replace('[0]', '')).sort());
      expect(await companyCount()).toBe(before);
    });

    it('refuses a municipality outside every member with 422 and the nearest matches', async () => {
      const before = await companyCount();
      const response = await register(registrationBody({ address: { street: 'Zeil 1', postcode: '60313', municipality: 'Kelsterbch' } })).expect(422);
      expect(response.body.errors).toEqual([{ field: 'address.municipality', message: 'Kelsterbch is not in any ISA member city.' }]);
      expect(response.body.nearestMatches[0]).toMatchObject({ municipality: 'Kelsterbach', citySlug: 'ruesselsheim-raunheim-kelsterbach' });
      expect(await companyCount()).toBe(before);
    });

    it('refuses unknown NACE codes and target markets with 422, naming each', async () => {
      const response = await register(registrationBody({ sectors: ['28.14', '04', '34.1'], targetMarkets: { countries: ['CN'], regions: ['CN-XZ'], cities: ['atlantis'] }, preferredLanguage: 'zh' })).expect(422);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'sectors[1]', message: '04 is not a NACE Rev. 2 code.' },
          { field: 'sectors[2]', message: '34.1 is not a NACE Rev. 2 code.' },
          { field: 'preferredLanguage', message: 'preferredLanguage must be one of languages.' },
          { field: 'targetMarkets.regions[0]', message: 'CN-XZ is not a state or province with ISA members.' },
          { field: 'targetMarkets.cities[0]', message: 'atlantis is not an ISA member city.' },
        ]),
      );
      expect(response.body.errors).toHaveLength(5);
    });

    it('creates nothing for a duplicate by legal name and municipality, or by contact email, and answers as for a new one', async () => {
      const body = registrationBody();
      const fresh = await register(body).expect(202);
      const before = await companyCount();
      const sameName = await register({ ...registrationBody(), legalName: ` ${String(body.legalName).toUpperCase()} `, address: { street: 'Andere Str. 1', postcode: '61350', municipality: 'Bad Homburg' } }).expect(202);
      const sameEmail = await register({ ...registrationBody(), contact: body.contact }).expect(202);
      expect([sameName.body, sameEmail.body]).toEqual([fresh.body, fresh.body]);
      expect(await companyCount()).toBe(before);
    });

    it('computes the SME class from the figures and ignores one typed in', async () => {
      const typedIn = await register({ ...registrationBody(), smeClass: 'micro' }).expect(400);
      expect(fieldsOf(typedIn.body)).toEqual(['smeClass']);
      const large = registrationBody({ size: { staffHeadcount: 300 } });
      await register(large).expect(202);
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: await registeredId(large) })).smeClass).toBe('large');
    });
  });

  describe('verification and review', () => {
    it('moves to pending review once the email is confirmed; the link works once', async () => {
      const body = registrationBody();
      await register(body).expect(202);
      const id = await registeredId(body);
      const token = tokenFromLink(await lastOutboxMessage(app, 'company_email_verification', (body.contact as { email: string }).email));
      const verified = await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(201);
      expect(verified.body).toMatchObject({ id, status: 'pending_review' });
      await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(422);
      // Every officer of the home office who wants to hear at once is told.
      expect(await lastOutboxMessage(app, 'officer_company_waiting', officerEmail)).toMatchObject({ payload: { companyId: id, cityName: 'Bad Homburg v. d. Höhe' } });
    });

    it('refuses an expired verification link', async () => {
      const body = registrationBody();
      await register(body).expect(202);
      const id = await registeredId(body);
      await dataSource.query(`UPDATE auth_tokens SET created_at = now() - interval '49 hours', expires_at = now() - interval '1 hour' WHERE subject_id = $1`, [id]);
      const token = tokenFromLink(await lastOutboxMessage(app, 'company_email_verification', (body.contact as { email: string }).email));
      await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(422);
    });

    it('lets an officer approve (visible for 12 months) or reject with a reason, each audited and emailed', async () => {
      const first = await registeredAndSignedIn();
      const second = await registeredAndSignedIn();
      const queue = await http().get('/api/officer/companies?status=pending_review').set(officerAuth).expect(200);
      expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([first.id, second.id]));
      expect(queue.body.items.find((item: { id: string }) => item.id === first.id).contact.email).toBe(first.email);

      const approved = await http().post(`/api/officer/companies/${first.id}/approve`).set(officerAuth).expect(201);
      expect(approved.body.status).toBe('active');
      expect(new Date(approved.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 24 * 3_600_000);
      await http().post(`/api/officer/companies/${first.id}/approve`).set(officerAuth).expect(409);
      expect(await lastOutboxMessage(app, 'company_approved', first.email)).toBeDefined();

      await http().post(`/api/officer/companies/${second.id}/reject`).set(officerAuth).send({ reason: 'short' }).expect(400);
      await http().post(`/api/officer/companies/${second.id}/reject`).set(officerAuth).send({ reason: 'Not located in an ISA member city.' }).expect(201);
      expect(await lastOutboxMessage(app, 'company_rejected', second.email)).toMatchObject({ payload: { reason: 'Not located in an ISA member city.' } });
      const actions = (await dataSource.getRepository(AuditEntry).find({ where: { subjectId: second.id }, order: { id: 'ASC' } })).map((entry) => entry.action);
      expect(actions).toEqual(['company.registered', 'company.email_verified', 'auth.company_logged_in', 'company.rejected']);
    });
  });

  describe('the company area', () => {
    it('answers a login-link request the same for unknown addresses', async () => {
      const unknown = await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email: 'nobody@nowhere.example' }).expect(202);
      const { email } = await registeredAndSignedIn();
      const known = await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email }).expect(202);
      expect(known.body).toEqual(unknown.body);
    });

    it('signs in once per link, and shows the whole profile only to the company and officers', async () => {
      const own = await registeredAndSignedIn();
      const other = await registeredAndSignedIn();
      const profile = await http().get(`/api/companies/${own.id}/profile`).set('cookie', own.cookie).expect(200);
      expect(profile.body).toMatchObject({ id: own.id, status: 'pending_review', contact: { email: own.email }, smeClass: 'small' });
      await http().get(`/api/companies/${own.id}/profile`).set('cookie', other.cookie).expect(403);
      await http().get(`/api/companies/${own.id}/profile`).expect(401);
      await http().get(`/api/companies/${own.id}/profile`).set(officerAuth).expect(200);
      const spentLink = tokenFromLink(await lastOutboxMessage(app, 'company_magic_link', own.email));
      await http().post('/api/companies/session').set('x-forwarded-for', clientAddress()).set('origin', PUBLIC_ORIGIN).send({ token: spentLink }).expect(422);
    });

    it('edits the profile: the member city and SME class follow, the audit names changed fields only', async () => {
      const own = await registeredAndSignedIn();
      const changed = { ...own.body, consent: undefined, address: { street: 'Am Main 3', postcode: '65451', municipality: 'Kelsterbach' }, size: { staffHeadcount: 5 } };
      delete changed.consent;
      const response = await http().put(`/api/companies/${own.id}/profile`).set('cookie', own.cookie).set('origin', PUBLIC_ORIGIN).send(changed).expect(200);
      expect(response.body).toMatchObject({ city: { slug: 'ruesselsheim-raunheim-kelsterbach' }, smeClass: 'micro', address: { municipality: 'Kelsterbach' } });
      const [entry] = await dataSource.getRepository(AuditEntry).findBy({ subjectId: own.id, action: 'company.updated' });
      expect(entry.after).toEqual({ changedFields: expect.arrayContaining(['street', 'municipality', 'cityId', 'staffHeadcount', 'smeClass']) });
      expect(JSON.stringify(entry)).not.toContain('Am Main 3');
    });

    it('gives and withdraws the consent to share with organisations in China', async () => {
      const own = await registeredAndSignedIn();
      const write = (method: 'put' | 'delete', body?: object) =>
        http()[method](`/api/companies/${own.id}/consents/china-transfer`).set('cookie', own.cookie).set('origin', PUBLIC_ORIGIN).send(body);
      await write('put', { version: '1999' }).expect(400);
      await write('put', { version: '2026-11' }).expect(204);
      await write('delete').expect(204);
      const consents = (await http().get(`/api/companies/${own.id}/profile`).set('cookie', own.cookie).expect(200)).body.consents;
      expect(consents.find((consent: { kind: string }) => consent.kind === 'china_transfer')).toMatchObject({ version: '2026-11', withdrawnAt: expect.any(String) });
    });

    it('exports all its data as JSON', async () => {
      const own = await registeredAndSignedIn();
      const exported = await http().get(`/api/companies/${own.id}/export`).set('cookie', own.cookie).expect(200);
      expect(exported.body.profile).toMatchObject({ id: own.id, contactEmail: own.email, city: 'bad-homburg' });
      expect(exported.body.consents).toHaveLength(1);
      expect(exported.body.auditEntries.map((entry: { action: string }) => entry.action)).toEqual(['company.registered', 'company.email_verified', 'auth.company_logged_in']);
      expect(exported.body.profile.searchPrimary).toBeUndefined();
    });

    it('pauses, resumes and renews an active profile', async () => {
      const own = await registeredAndSignedIn();
      await http().post(`/api/officer/companies/${own.id}/approve`).set(officerAuth).expect(201);
      const post = (action: string) => http().post(`/api/companies/${own.id}/${action}`).set('cookie', own.cookie).set('origin', PUBLIC_ORIGIN);
      expect((await post('pause').expect(201)).body.status).toBe('paused');
      await http().get(`/api/companies/${own.id}`).expect(404);
      await post('pause').expect(409);
      expect((await post('resume').expect(201)).body.status).toBe('active');
      await http().get(`/api/companies/${own.id}`).expect(200);
      await dataSource.getRepository(Company).update(own.id, { expiresAt: new Date(Date.now() + 86_400_000) });
      const renewed = await post('renew').expect(201);
      expect(new Date(renewed.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 86_400_000);
    });

    it('erases itself: personal data gone, organisation anonymised, sessions ended, row kept for statistics', async () => {
      const own = await registeredAndSignedIn();
      await http().delete(`/api/companies/${own.id}`).set('cookie', own.cookie).set('origin', PUBLIC_ORIGIN).expect(204);
      const [row] = await dataSource.query(`SELECT status, legal_name, contact_name, contact_email, contact_phone, website, search_primary FROM companies WHERE id = $1`, [own.id]);
      expect(row).toEqual({ status: 'erased', legal_name: 'Erased organisation', contact_name: null, contact_email: null, contact_phone: null, website: null, search_primary: '' });
      await http().get(`/api/auth/me`).set('cookie', own.cookie).expect(401);
      await http().get(`/api/companies/${own.id}/profile`).set(officerAuth).expect(404);
      // The same organisation can register again after erasure.
      const again = { ...registrationBody(), legalName: own.body.legalName, contact: own.body.contact };
      await register(again).expect(202);
      expect(await registeredId(again)).not.toBe(own.id);
    });
  });
});
