import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { CompanyImportService } from '../../src/companies/company-import.service';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const FOSHAN_OFFICE = { name: 'Foshan Investment Promotion Bureau', email: 'invest@foshan.example' };
const HOME_OFFICE = 'Wirtschaftsförderung / Business Development, Magistrat der Stadt Bad Homburg v.d.Höhe';

function csvLine(values: Record<string, string>): string {
  return IMPORT_COLUMNS.map((column) => {
    const value = values[column] ?? '';
    return /[;,"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(';');
}

function partnerRow(overrides: Record<string, string> = {}): Record<string, string> {
  const unique = Math.random().toString(36).slice(2, 8);
  return {
    legal_name: `Foshan Precision ${unique} Co., Ltd.`,
    organisation_type: 'company',
    street: '季华五路 8号',
    postcode: '528000',
    municipality: '佛山',
    staff_headcount: '120',
    sectors: '28.41|25.62',
    offers_types: 'manufacturing|supplier',
    offers_text: '精密数控加工 CNC machining',
    seeks_types: 'technology_licensing',
    seeks_text: 'German sensor technology',
    languages: 'zh|en',
    preferred_language: 'zh',
    contact_name: '王丽',
    contact_email: `wang.${unique}@foshan-precision.example`,
    anonymous: 'false',
    privacy_policy_version: '2026-11',
    transfer_basis: 'standard_contract',
    ...overrides,
  };
}

describe('Imported companies are told before anyone is introduced to them (e2e)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext | undefined;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let seeker: Company;
  let byTask: Company;
  let byConsent: Company;

  const http = () => request(app.getHttpServer());
  const suggested = async () =>
    ((await http().get(`/api/companies/${seeker.id}/suggestions`).set(await companyAuth(app, seeker.id)).expect(200)).body.items as Array<{ company: { id: string } }>).map((item) => item.company.id);
  const ask = async (target: Company) =>
    http().post('/api/match-requests').set(await companyAuth(app, seeker.id)).send({ targetCompanyId: target.id, purpose: 'manufacturing', message: 'Wir suchen einen Fertigungspartner für Präzisionsteile in Südchina.' });

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: FOSHAN_OFFICE.name, email: FOSHAN_OFFICE.email, preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    // Imports are the home office's.
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    seeker = await createActiveCompany(app, {
      seeks: { types: [CooperationType.Manufacturing], text: 'Fertigungspartner CNC machining' },
      targetMarkets: { countries: ['CN'], regions: [], cities: ['foshan'] },
    });

    // The import runs here, with no worker yet: the notices wait in the outbox.
    const csv = [IMPORT_COLUMNS.join(';'), csvLine(partnerRow()), csvLine(partnerRow({ legal_basis: 'consent', preferred_language: 'en', languages: 'en|zh' })), csvLine(partnerRow({ legal_basis: 'maybe' }))].join('\n');
    const started = await http().post('/api/officer/companies/import').set(officerAuth).set('content-type', 'text/csv').send(csv).expect(202);
    await app.get(CompanyImportService).process(started.body.id);
    const results = (await http().get(`/api/officer/companies/imports/${started.body.id}`).set(officerAuth).expect(200)).body.results;
    expect(results.map((result: { outcome: string }) => result.outcome)).toEqual(['created', 'created', 'refused']);
    expect(results[2].errors).toEqual([expect.objectContaining({ field: 'legal_basis' })]);
    [byTask, byConsent] = await Promise.all(results.slice(0, 2).map((result: { companyId: string }) => dataSource.getRepository(Company).findOneByOrFail({ id: result.companyId })));
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp.stop();
  });

  it('neither suggests nor introduces an imported company before its notice is delivered', async () => {
    expect(byTask.privacyNoticeDeliveredAt).toBeNull();
    expect(await suggested()).not.toContain(byTask.id);
    const refused = await ask(byTask);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'targetCompanyId', message: expect.stringMatching(/notice/) })]);
    // Nor can an officer propose it.
    const proposal = await http().post('/api/officer/match-requests').set(officerAuth).send({ requesterCompanyId: byTask.id, targetCompanyId: seeker.id, purpose: 'manufacturing', message: 'Ein Vorschlag der Wirtschaftsförderung für beide Seiten.' });
    expect({ status: proposal.status, fields: proposal.body.errors?.map((error: { field: string }) => error.field) }).toEqual({ status: 422, fields: ['requesterCompanyId'] });
    // Nor approve a request that reached the queue some other way (written here straight to the table).
    const [{ id }] = await dataSource.query(
      `INSERT INTO match_requests (requester_company_id, target_company_id, origin, purpose, message, score) VALUES ($1, $2, 'company', 'manufacturing', 'Eine Anfrage aus der Warteschlange.', 50) RETURNING id`,
      [seeker.id, byTask.id],
    );
    const approval = await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({});
    expect({ status: approval.status, fields: approval.body.errors?.map((error: { field: string }) => error.field) }).toEqual({ status: 422, fields: ['targetCompanyId'] });
    expect((await dataSource.query(`SELECT status FROM match_requests WHERE id = $1`, [id]))[0].status).toBe('pending_review');
    expect(await dataSource.query(`SELECT id FROM outbox_messages WHERE payload->>'matchRequestId' = $1 AND template = 'match_introduction'`, [id])).toEqual([]);
    await dataSource.query(`DELETE FROM match_requests WHERE id = $1`, [id]);
  });

  it('sends the notice in the company’s language, naming the importing office, what is shown, the legal basis and a single-use link', async () => {
    worker = await createTestWorker();
    const notice = await smtp.waitFor((mail) => mail.envelopeTo.includes(byTask.contactEmail!));
    expect(notice.parsed.html).toContain('<html lang="zh-Hans">');
    expect(notice.parsed.text).toContain(HOME_OFFICE);
    expect(notice.parsed.text).toContain(byTask.legalName);
    expect(notice.parsed.text).toContain('精密数控加工');
    expect(notice.parsed.text).toContain('第6条第1款e项');
    expect(notice.parsed.text).toContain('/datenschutz');
    expect(notice.parsed.text).toMatch(/\/companies\/listing\?token=/);
    // The link signs the organisation in: it is kept only for the send, and officers never read it.
    const [row] = await dataSource.query(`SELECT id, payload FROM outbox_messages WHERE template = 'company_listing_notice' AND recipient = $1`, [byTask.contactEmail]);
    expect(JSON.stringify(row.payload)).not.toMatch(/token=/);
    const officerView = await http().get(`/api/officer/emails/${row.id}`).set(officerAuth).expect(200);
    expect(JSON.stringify(officerView.body)).not.toMatch(/token=/);
    const english = await smtp.waitFor((mail) => mail.envelopeTo.includes(byConsent.contactEmail!));
    expect(english.parsed.text).toContain('Art. 6(1)(a) GDPR');
    expect(english.parsed.text).toContain('Review the listing');
  });

  it('suggests and introduces it once the notice is delivered', async () => {
    const delivered = await eventually(() => dataSource.getRepository(Company).findOneByOrFail({ id: byTask.id }), (company) => company.privacyNoticeDeliveredAt !== null);
    expect(delivered.privacyNoticeDeliveredAt).toBeInstanceOf(Date);
    expect(await suggested()).toContain(byTask.id);
    expect((await ask(byTask)).status).toBe(201);
  });

  it('waits for a company listed by consent to confirm, through the link that signs it in once', async () => {
    await eventually(() => dataSource.getRepository(Company).findOneByOrFail({ id: byConsent.id }), (company) => company.privacyNoticeDeliveredAt !== null);
    expect(await suggested()).not.toContain(byConsent.id);
    expect((await ask(byConsent)).status).toBe(422);

    const notice = await smtp.waitFor((mail) => mail.envelopeTo.includes(byConsent.contactEmail!));
    const token = new URL(/https?:\/\/[^\s"<>]+\/companies\/listing\?token=[^\s"<>]+/.exec(notice.parsed.text ?? '')![0]).searchParams.get('token')!;
    const page = await http().get(`/companies/listing?token=${token}&lang=en`).expect(200);
    expect(page.text).toContain(byConsent.legalName);
    expect(page.text).toContain('name="confirm"');
    const opened = await http().post('/companies/listing').set('origin', 'http://localhost:3000').type('form').send({ token, confirm: 'on' }).expect(303);
    expect(opened.headers.location).toBe('/companies/area');
    expect(String(opened.headers['set-cookie'])).toContain('isa_session=');
    // Single use.
    await http().post('/companies/listing').set('origin', 'http://localhost:3000').type('form').send({ token, confirm: 'on' }).expect(422);
    await http().get(`/companies/listing?token=${token}`).expect(422);

    expect((await dataSource.getRepository(Company).findOneByOrFail({ id: byConsent.id })).listingConfirmedAt).toBeInstanceOf(Date);
    expect(await suggested()).toContain(byConsent.id);
    expect((await ask(byConsent)).status).toBe(201);
  });
});
