import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompanyMaintenanceService } from '../../src/companies/company-maintenance.service';
import { Company } from '../../src/companies/company.entity';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { bearerTokenFor, clientAddress } from '../utils/http-client';
import { lastOutboxMessage } from '../utils/outbox';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

function csvLine(values: Record<string, string>, separator = ';'): string {
  return IMPORT_COLUMNS.map((column) => {
    const value = values[column] ?? '';
    return /[;,"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(separator);
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
    annual_turnover_eur: '30000000',
    sectors: '28.41|25.62',
    offers_types: 'manufacturing|supplier',
    offers_text: '精密数控加工',
    seeks_types: 'technology_licensing',
    seeks_text: 'German sensor technology',
    keywords: '数控|CNC',
    target_countries: 'DE',
    languages: 'zh|en',
    preferred_language: 'zh',
    contact_name: '王丽',
    contact_email: `wang.${unique}@foshan-precision.example`,
    anonymous: 'false',
    privacy_policy_version: '2026-11',
    china_transfer_version: '',
    transfer_basis: 'standard_contract',
    ...overrides,
  };
}

describe('Officer CSV import and profile maintenance (e2e)', () => {
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const upload = (csv: string) => request(app.getHttpServer()).post('/api/officer/companies/import?fileName=partners.csv').set(officerAuth).set('content-type', 'text/csv').send(csv);
  const progress = (id: string) => request(app.getHttpServer()).get(`/api/officer/companies/imports/${id}`).set(officerAuth).expect(200).then((response) => response.body);

  it('imports good rows, refuses bad ones with reasons per row, and leaves nothing of a bad row', async () => {
    const good = partnerRow();
    const bom = '\uFEFF';
    const csv = [
      IMPORT_COLUMNS.join(';'),
      csvLine(good),
      csvLine(partnerRow({ municipality: 'Shenzhen Nanshan', legal_name: 'Outside Member Ltd.' })),
      csvLine(partnerRow({ staff_headcount: 'many', contact_email: 'broken', legal_name: 'Broken Row Ltd.' })),
      csvLine(partnerRow({ contact_email: good.contact_email, legal_name: 'Same Contact Ltd.' })),
    ].join('\r\n');
    const before = await dataSource.getRepository(Company).count();
    const started = await upload(bom + csv).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', totalRows: 4, fileName: 'partners.csv' });

    const finished = await eventually(() => progress(started.body.id), (body) => body.status === 'finished');
    expect(finished).toMatchObject({ processedRows: 4, createdRows: 1, refusedRows: 3, percent: 100 });
    const [created, outside, broken, duplicate] = finished.results;
    expect(created).toMatchObject({ row: 2, outcome: 'created', companyId: expect.any(String) });
    expect(outside).toMatchObject({ row: 3, outcome: 'refused', errors: [{ field: 'address.municipality', message: 'Shenzhen Nanshan is not in any ISA member city.' }] });
    expect(broken.errors.map((error: { field: string }) => error.field).sort()).toEqual(['contact_email', 'staff_headcount']);
    expect(duplicate).toMatchObject({ outcome: 'refused', errors: [{ field: 'legal_name', message: 'This organisation or contact email is registered already.' }] });
    expect(await dataSource.getRepository(Company).count()).toBe(before + 1);

    const company = await request(app.getHttpServer()).get(`/api/companies/${created.companyId}`).expect(200);
    expect(company.body).toMatchObject({ name: good.legal_name, city: { slug: 'foshan' }, smeClass: 'medium', languages: ['zh', 'en'] });
  });

  it('accepts comma-separated files and refuses a file without the required columns at once', async () => {
    const commaSeparated = [IMPORT_COLUMNS.join(','), csvLine(partnerRow(), ',')].join('\n');
    const started = await upload(commaSeparated).expect(202);
    await eventually(() => progress(started.body.id), (body) => body.status === 'finished' && body.createdRows === 1);
    const missing = await upload('legal_name;street\nX;Y').expect(422);
    expect(missing.body.message).toContain('contact_email');
    await request(app.getHttpServer()).post('/api/officer/companies/import').set(officerAuth).set('content-type', 'application/json').send({ csv: 'x' }).expect(415);
  });

  it('records the legal basis of each Chinese row for the transfer to Germany, and refuses a missing, unknown or misplaced one', async () => {
    const recorded = partnerRow({ transfer_basis: 'consent' });
    const csv = [
      IMPORT_COLUMNS.join(';'),
      csvLine(recorded),
      csvLine(partnerRow({ transfer_basis: '' })),
      csvLine(partnerRow({ transfer_basis: 'handshake' })),
      csvLine(partnerRow({ municipality: 'Bad Homburg v. d. Höhe', postcode: '61348', transfer_basis: 'standard_contract' })),
    ].join('\n');
    const started = await upload(csv).expect(202);
    const finished = await eventually(() => progress(started.body.id), (body) => body.status === 'finished');
    expect(finished).toMatchObject({ createdRows: 1, refusedRows: 3 });
    const [created, missing, unknown, german] = finished.results;
    const [row] = await dataSource.query(`SELECT transfer_basis FROM companies WHERE id = $1`, [created.companyId]);
    expect(row.transfer_basis).toBe('consent');
    for (const refused of [missing, unknown, german]) expect(refused.errors.map((error: { field: string }) => error.field)).toEqual(['transfer_basis']);
    expect(german.errors[0].message).toContain('only for organisations in Chinese member cities');
  });

  describe('maintenance', () => {
    const maintenance = () => worker.get(CompanyMaintenanceService);

    it('queues one renewal reminder 30 days before expiry, expires overdue profiles and purges week-old unverified registrations', async () => {
      const expiring = await createActiveCompany(app);
      const overdue = await createActiveCompany(app);
      await dataSource.getRepository(Company).update(expiring.id, { expiresAt: new Date(Date.now() + 20 * 86_400_000) });
      await dataSource.getRepository(Company).update(overdue.id, { expiresAt: new Date(Date.now() - 1000) });
      const body = registrationBody();
      await request(app.getHttpServer()).post('/api/companies').set('x-forwarded-for', clientAddress()).send(body).expect(202);
      await dataSource.query(`UPDATE companies SET created_at = now() - interval '8 days' WHERE contact_email = $1`, [(body.contact as { email: string }).email]);

      const report = await maintenance().run();
      expect(report.reminded).toBeGreaterThanOrEqual(1);
      expect(report.expired).toBeGreaterThanOrEqual(1);
      expect(report.purged).toBeGreaterThanOrEqual(1);
      expect(await lastOutboxMessage(app, 'company_renewal_reminder', expiring.contactEmail!)).toBeDefined();
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: overdue.id })).status).toBe('expired');
      expect(await dataSource.getRepository(Company).findOneBy({ contactEmail: (body.contact as { email: string }).email })).toBeNull();
      await request(app.getHttpServer()).get(`/api/companies/${overdue.id}`).expect(404);

      const again = await maintenance().run();
      const reminders = await dataSource.query(`SELECT count(*)::int AS count FROM outbox_messages WHERE template = 'company_renewal_reminder' AND recipient = $1`, [expiring.contactEmail]);
      expect(reminders[0].count).toBe(1);
      expect(again.expired).toBe(0);
    });
  });
});
