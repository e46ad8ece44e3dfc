import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { CHINA_TRANSFER_CONSENT_VERSION } from '../../src/companies/consent-terms';
import { CompanyEmailChangeService } from '../../src/companies/company-email-change.service';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxService } from '../../src/mail/outbox.service';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { COMPANY_COLUMNS_WITHOUT_FOREIGN_KEY, COMPANY_MENTIONS_NOT_EXPORTED, EXPORT_COVERAGE } from '../../src/privacy/export-coverage';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress } from '../utils/http-client';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const MESSAGE = 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina.';

describe('The data export of a company (e2e)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let company: Company;
  let connectedPartner: Company;
  let rejectedPartner: Company;
  let askingCompany: Company;
  let companyCookie: string;
  let exported: Record<string, unknown> & { contactsReceived: Array<Record<string, unknown>>; matchRequests: Array<Record<string, unknown>>; emails: Array<Record<string, unknown>>; emailChanges: Array<Record<string, unknown>> };
  let exportResponse: request.Response;
  let imported: Company;
  let importedExport: Record<string, unknown>;

  const http = () => request(app.getHttpServer());
  const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const partner = (slug: string, name: string) =>
    createActiveCompany(
      app,
      {
        legalName: `${name} ${unique()}`,
        offers: { types: [CooperationType.Distribution], text: '华南地区传感器分销' },
        languages: ['zh', 'en'],
        preferredLanguage: 'zh',
        contact: { name: '李伟', role: '销售经理', email: `li.wei.${unique()}@partner.example`, phone: '+86 757 8123 4567' },
      },
      slug,
    );

  async function ask(requester: Company, target: Company): Promise<string> {
    const response = await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };

    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Investment Promotion Office Foshan', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    company = await createActiveCompany(app);
    connectedPartner = await partner('foshan', '佛山精密仪器有限公司');
    rejectedPartner = await partner('zhuzhou', '株洲电气有限公司');
    askingCompany = await partner('foshan', '佛山传感科技有限公司');

    // Signing in by link: a token, an email, a session with address and browser, an audit entry.
    await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email: company.contactEmail }).expect(202);
    const loginMail = await smtp.waitFor((mail) => mail.envelopeTo.includes(company.contactEmail!) && /\/companies\/login\?token=/.test(mail.parsed.text ?? ''));
    const token = new URL(/https?:\/\/[^\s"<>]+\/companies\/login\?token=[^\s"<>]+/.exec(loginMail.parsed.text ?? '')![0]).searchParams.get('token')!;
    const signIn = await http().post('/api/companies/session').set('x-forwarded-for', '192.0.2.44').set('user-agent', 'ExportTest/1.0').set('origin', 'http://localhost:3000').send({ token }).expect(200);
    companyCookie = String(([] as string[]).concat(signIn.headers['set-cookie'])[0]).split(';')[0];
    const own = await companyAuth(app, company.id);
    await http().put(`/api/companies/${company.id}/consents/china-transfer`).set(own).send({ version: CHINA_TRANSFER_CONSENT_VERSION }).expect(204);
    await http().put(`/api/companies/${company.id}/suggestion-alerts`).set(own).send({ enabled: true }).expect(200);

    // Sent and connected: the partner accepts through its link and the contacts are exchanged.
    const connectedId = await ask(company, connectedPartner);
    await http().post(`/api/officer/match-requests/${connectedId}/approve`).set(officerAuth).send({}).expect(201);
    const introduction = await smtp.waitFor((mail) => mail.envelopeTo.includes(connectedPartner.contactEmail!) && /\/respond\//.test(mail.parsed.text ?? ''));
    const respond = new URL(/https?:\/\/[^\s"<>]+\/respond\/[^\s"<>]*/.exec(introduction.parsed.text ?? '')![0]);
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id: connectedId }), (row) => row.status === 'introduced');
    await http().post(respond.pathname).type('form').send({ decision: 'accept', contactName: '王芳', contactRole: '总经理', contactEmail: connectedPartner.contactEmail, contactPhone: '+86 757 8000 0000' }).expect(200);
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id: connectedId }), (row) => row.status === 'connected');
    // Sent and rejected by the office.
    const rejectedId = await ask(company, rejectedPartner);
    await http().post(`/api/officer/match-requests/${rejectedId}/reject`).set(officerAuth).send({ reason: 'Das Profil des Partners ist nicht mehr aktuell.' }).expect(201);
    // Received, still waiting for the office: not yet the company's to see in detail.
    await ask(askingCompany, company);
    // An office forwarding something with the company in copy.
    await dataSource.transaction((manager) => app.get(OutboxService).enqueue(manager, { template: 'company_approved', language: 'de', recipient: 'office@foshan.example', cc: [company.contactEmail!], payload: { legalName: company.legalName, contactName: 'Office' } }));
    await eventually(() => dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE status <> 'sent' AND (recipient = $1 OR $1 = ANY (cc))`, [company.contactEmail]), ([row]) => row.n === 0);

    // A change of the login address asked for and not yet confirmed.
    await dataSource.transaction((manager) => app.get(CompanyEmailChangeService).request(manager, company, `julia.new.${unique()}@hartmann.example`));
    exportResponse = await http().get(`/api/companies/${company.id}/export`).set(own).expect(200);
    exported = exportResponse.body;

    // A profile an office imported: the export names where it came from.
    const header = IMPORT_COLUMNS.join(';');
    const row: Record<string, string> = { legal_name: `Foshan Precision ${unique()}`, organisation_type: 'company', street: '季华五路 8号', postcode: '528000', municipality: '佛山', staff_headcount: '120', sectors: '28.41', languages: 'zh|en', preferred_language: 'zh', contact_name: '王丽', contact_email: `wang.${unique()}@foshan-precision.example`, privacy_policy_version: '2026-11', transfer_basis: 'standard_contract' };
    const started = await http().post('/api/officer/companies/import').set(officerAuth).set('content-type', 'text/csv').send(`${header}\n${IMPORT_COLUMNS.map((column) => row[column] ?? '').join(';')}`).expect(202);
    const finished = await eventually(() => http().get(`/api/officer/companies/imports/${started.body.id}`).set(officerAuth).then((response) => response.body), (body) => body.status === 'finished');
    imported = await dataSource.getRepository(Company).findOneByOrFail({ id: finished.results[0].companyId });
    importedExport = (await http().get(`/api/companies/${imported.id}/export`).set(await companyAuth(app, imported.id)).expect(200)).body;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp.stop();
  });

  it('covers every table and column that refers to a company, and holds each of their rows about this company', async () => {
    const foreignKeys: Array<{ table: string; column: string }> = await dataSource.query(`
      SELECT c.conrelid::regclass::text AS table, a.attname AS column
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
       WHERE c.contype = 'f' AND c.confrelid = 'companies'::regclass`);
    const namedLikeCompany: Array<{ table: string; column: string }> = await dataSource.query(`
      SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema = current_schema() AND c.column_name ~ '(^|_)company_id$'`);
    const covered = new Set(EXPORT_COVERAGE.map((entry) => `${entry.table}.${entry.column}`));
    const referring = [...foreignKeys, ...namedLikeCompany].map((entry) => `${entry.table}.${entry.column}`).concat(COMPANY_COLUMNS_WITHOUT_FOREIGN_KEY);
    expect(foreignKeys.length).toBeGreaterThanOrEqual(5);
    expect(referring.filter((column) => !covered.has(column))).toEqual([]);

    const subjects = () => [
      { company, document: exported as Record<string, unknown> },
      { company: imported, document: importedExport },
    ];
    for (const entry of EXPORT_COVERAGE) {
      let found = 0;
      for (const subject of subjects()) {
        const rows: Array<{ key: string }> = await dataSource.query(`SELECT ${entry.key}::text AS key FROM ${entry.table} WHERE (${entry.rows}) AND $1::text IS NOT NULL AND $2::text IS NOT NULL`, [subject.company.id, subject.company.contactEmail]);
        found += rows.length;
        const section = JSON.stringify(subject.document[entry.section]);
        expect({ coverage: `${entry.table}.${entry.column}`, missing: rows.filter((row) => !section.includes(`"${row.key}"`)).map((row) => row.key) }).toEqual({ coverage: `${entry.table}.${entry.column}`, missing: [] });
      }
      // Every entry is exercised by this test's data, so none is checked against nothing.
      expect({ coverage: `${entry.table}.${entry.column}`, rows: found > 0 }).toEqual({ coverage: `${entry.table}.${entry.column}`, rows: true });
    }
    expect(importedExport.source).toMatchObject({ importId: expect.any(String), importingCity: 'bad-homburg', row: 2, legalBasis: 'public_task' });
    expect(exported.source).toBeNull();
  });

  it('finds the company\'s id or contact email in no column the coverage list leaves out', async () => {
    const columns: Array<{ table: string; column: string }> = await dataSource.query(`
      SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema = current_schema() AND c.data_type IN ('uuid', 'text', 'character varying', 'jsonb', 'ARRAY')
         AND c.table_name NOT IN ('typeorm_migrations', 'typeorm_metadata')`);
    const found: string[] = [];
    for (const subject of [company, imported]) {
      for (const { table, column } of columns) {
        const [{ hits }] = await dataSource.query(`SELECT count(*)::int AS hits FROM "${table}" WHERE strpos("${column}"::text, $1) > 0 OR strpos("${column}"::text, $2) > 0`, [subject.id, subject.contactEmail]);
        if (hits > 0) found.push(`${table}.${column}`);
      }
    }
    const covered = new Set([...EXPORT_COVERAGE.map((entry) => `${entry.table}.${entry.column}`), ...Object.keys(COMPANY_MENTIONS_NOT_EXPORTED)]);
    expect([...new Set(found)].filter((column) => !covered.has(column)).sort()).toEqual([]);
  });

  it('is a download that is never cached, documented in OpenAPI', async () => {
    expect(exportResponse.headers['cache-control']).toBe('no-store');
    expect(exportResponse.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.json"$/);
    expect(exportResponse.headers['content-type']).toContain('application/json');
    const document = (await http().get('/docs-json').expect(200)).body;
    const operation = document.paths['/api/companies/{id}/export'].get;
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/CompanyExportResponse');
    const schema = document.components.schemas.CompanyExportResponse;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['profile', 'consents', 'matchRequests', 'contactsReceived', 'emails', 'sessions', 'signInLinks', 'suggestionAlerts', 'auditEntries']));
    expect(document.components.schemas.ExportedSession.properties).toHaveProperty('ipAddress');
    expect(document.components.schemas.ExportedProfile.properties).toHaveProperty('contactEmail');
  });

  it('holds requests sent and received with messages and timelines, and the contacts received only through a connection', () => {
    const sent = exported.matchRequests.filter((entry) => entry.role === 'requester');
    expect(sent.map((entry) => entry.status).sort()).toEqual(['connected', 'rejected']);
    const connected = sent.find((entry) => entry.status === 'connected')!;
    expect(connected).toMatchObject({ message: MESSAGE, partner: { id: connectedPartner.id, name: connectedPartner.legalName, city: 'foshan' } });
    expect((connected.timeline as Array<{ action: string }>).map((step) => step.action)).toEqual(expect.arrayContaining(['match_request.created']));
    expect((connected.timeline as unknown[]).length).toBeGreaterThanOrEqual(4);
    expect(sent.find((entry) => entry.status === 'rejected')).toMatchObject({ rejectionReason: 'Das Profil des Partners ist nicht mehr aktuell.' });
    // A request about the company that has not reached it names neither the asker nor its message.
    const received = exported.matchRequests.filter((entry) => entry.role === 'partner');
    expect(received).toEqual([expect.objectContaining({ status: 'pending_review', partner: null, message: null, timeline: [] })]);

    expect(exported.contactsReceived).toEqual([expect.objectContaining({ partnerCompanyId: connectedPartner.id, name: '王芳', role: '总经理', email: connectedPartner.contactEmail, phone: '+86 757 8000 0000' })]);
    const text = JSON.stringify(exported);
    for (const notReceived of [rejectedPartner.contactEmail!, askingCompany.contactEmail!, askingCompany.legalName]) expect(text).not.toContain(notReceived);
  });

  it('shows the partner the request it was introduced to, with the requester and the contact person it confirmed', async () => {
    const partnerExport = (await http().get(`/api/companies/${connectedPartner.id}/export`).set(await companyAuth(app, connectedPartner.id)).expect(200)).body;
    expect(partnerExport.matchRequests).toEqual([
      expect.objectContaining({ role: 'partner', status: 'connected', message: MESSAGE, partner: expect.objectContaining({ id: company.id }), contactGiven: { name: '王芳', role: '总经理', email: connectedPartner.contactEmail, phone: '+86 757 8000 0000' } }),
    ]);
    expect(partnerExport.contactsReceived).toEqual([expect.objectContaining({ partnerCompanyId: company.id, email: company.contactEmail })]);
  });

  it('lists emails with subject, date and delivery state but never their links, and sessions with address and browser', () => {
    const magicLink = exported.emails.find((email) => email.template === 'company_magic_link');
    expect(magicLink).toMatchObject({ deliveryState: 'sent', subject: expect.stringMatching(/Anmeldelink/), sentAt: expect.any(String), deliveries: [expect.objectContaining({ address: company.contactEmail, role: 'to', state: 'accepted' })] });
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/token=|\/respond\/|tokenHash|token_hash|payload/);
    expect(exported.sessions).toEqual(expect.arrayContaining([expect.objectContaining({ ipAddress: '192.0.2.44', userAgent: 'ExportTest/1.0' })]));
    expect(exported.consents).toEqual([expect.objectContaining({ kind: 'china_transfer', version: CHINA_TRANSFER_CONSENT_VERSION })]);
    expect(exported.suggestionAlerts).toMatchObject({ enabled: true });
    expect(exported.emailChanges).toEqual([expect.objectContaining({ newEmail: expect.stringMatching(/^julia\.new\./), confirmedAt: null })]);
  });

  it('is downloadable from the company area as the same document', async () => {
    const page = await http().get('/companies/export').set('cookie', companyCookie).expect(200);
    expect(page.headers['content-disposition']).toMatch(/^attachment/);
    expect(page.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(page.text);
    expect(body.format).toBe(exported.format);
    expect(body.matchRequests.map((entry: { id: string }) => entry.id).sort()).toEqual(exported.matchRequests.map((entry) => entry.id as string).sort());
  });

  it('is refused to another company and to an officer', async () => {
    await http().get(`/api/companies/${company.id}/export`).set(await companyAuth(app, connectedPartner.id)).expect(403);
    await http().get(`/api/companies/${company.id}/export`).set(officerAuth).expect(403);
  });
});
