import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { CompanyEmailChangeService } from '../../src/companies/company-email-change.service';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { ResponseLinks } from '../../src/match-requests/response-links.service';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

/** Every value of every text, character, array and JSON column of the database that contains one of the needles. */
async function leftovers(dataSource: DataSource, needles: string[]): Promise<string[]> {
  const columns: Array<{ table_name: string; column_name: string }> = await dataSource.query(
    `SELECT c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'tsvector')`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    for (const needle of needles) {
      const [hit] = await dataSource.query(`SELECT count(*)::int AS n FROM "${table}" WHERE lower("${column}"::text) LIKE '%' || lower($1) || '%'`, [needle]);
      if (hit.n > 0) found.push(`${table}.${column} holds ${needle}`);
    }
  }
  return found;
}

describe('Erasure leaves nothing of the company in the database (e2e)', () => {
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

  const http = () => request(app.getHttpServer());

  /** A company whose contact person, address and phone appear nowhere else. */
  function person(citySlug: string, languages: string[]): Promise<Company> {
    const unique = Math.random().toString(36).slice(2, 8);
    const contact = { name: `Person ${unique}`, role: 'Leitung', email: `person.${unique}@${citySlug}.example`, phone: `+49 6172 ${Math.floor(100000 + Math.random() * 899999)}` };
    const kind = citySlug === 'bad-homburg' ? { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } } : { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' } };
    return createActiveCompany(app, { ...kind, contact, languages, preferredLanguage: languages[0] }, citySlug);
  }

  /** A request introduced to the partner and accepted through its answer link, naming another contact person. */
  async function acceptedIntroduction(requester: Company, target: Company): Promise<{ id: string; partnerContact: { name: string; email: string; phone: string } }> {
    const message = `Guten Tag, hier schreibt ${requester.contactName} von ${requester.legalName}, erreichbar unter ${requester.contactPhone}.`;
    const created = await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message }).expect(201);
    const id = created.body.id as string;
    await dataSource.query(`UPDATE match_requests SET status = 'introduced', home_decided_at = now(), introduced_at = now(), respond_by = now() + interval '20 days' WHERE id = $1`, [id]);
    const links = app.get(ResponseLinks);
    const linkId = await dataSource.transaction(async (manager) => links.issue(manager, await manager.getRepository(MatchRequest).findOneByOrFail({ id })));
    const path = new URL((await links.urlOf(linkId))!).pathname;
    const unique = Math.random().toString(36).slice(2, 8);
    const partnerContact = { name: `Wang ${unique}`, email: `wang.${unique}@elsewhere.example`, phone: `+86 757 8${Math.floor(100000 + Math.random() * 899999)}` };
    await http().post(path).type('form').send({ decision: 'accept', contactName: partnerContact.name, contactEmail: partnerContact.email, contactPhone: partnerContact.phone }).expect(200);
    return { id, partnerContact };
  }

  const traces = (company: Company) => [company.legalName, company.contactName!, company.contactEmail!, company.contactPhone!];

  it('forgets a requester whose introduction was accepted, in the request, its emails and the audit trail', async () => {
    const [requester, target] = [await person('bad-homburg', ['de', 'en']), await person('foshan', ['zh', 'en'])];
    await acceptedIntroduction(requester, target);

    await http().delete(`/api/companies/${requester.id}`).set(await companyAuth(app, requester.id)).expect(204);

    expect(await leftovers(dataSource, traces(requester))).toEqual([]);
  });

  it('forgets a partner who accepted, and the contact person it named for the introduction', async () => {
    const [requester, target] = [await person('bad-homburg', ['de', 'en']), await person('foshan', ['zh', 'en'])];
    const { partnerContact } = await acceptedIntroduction(requester, target);

    const erased = await http().delete(`/api/companies/${target.id}`).set(officerAuth);
    expect([erased.status, erased.body]).toEqual([204, {}]);

    expect(await leftovers(dataSource, [...traces(target), partnerContact.name, partnerContact.email, partnerContact.phone])).toEqual([]);
  });

  it('forgets a company registered through the API, with its verification email and audit entries', async () => {
    const unique = Math.random().toString(36).slice(2, 8);
    const body = registrationBody({ contact: { name: `Person ${unique}`, role: 'Leitung', email: `registered.${unique}@hartmann.example`, phone: '+49 6172 998877' } });
    await http().post('/api/companies').send(body).expect(202);
    const [{ id }] = await dataSource.query(`SELECT id FROM companies WHERE contact_email = $1`, [`registered.${unique}@hartmann.example`]);

    await http().delete(`/api/companies/${id}`).set(officerAuth).expect(204);

    expect(await leftovers(dataSource, [body.legalName as string, `Person ${unique}`, `registered.${unique}@hartmann.example`])).toEqual([]);
  });

  it('forgets a login address the company was moving to', async () => {
    const company = await createActiveCompany(app);
    const unique = company.id.slice(0, 8);
    const newEmail = `moving.${unique}@neue-adresse.example`;
    await dataSource.transaction(async (manager) => app.get(CompanyEmailChangeService).request(manager, await manager.getRepository(Company).findOneByOrFail({ id: company.id }), newEmail));

    await http().delete(`/api/companies/${company.id}`).set(await companyAuth(app, company.id)).expect(204);

    expect(await leftovers(dataSource, [company.contactEmail!, newEmail, company.legalName])).toEqual([]);
  });

  it('forgets an imported company in the import it came from', async () => {
    const unique = Math.random().toString(36).slice(2, 8);
    const row: Record<string, string> = {
      legal_name: `Foshan Erasable ${unique} Ltd`,
      organisation_type: 'company',
      street: '季华五路 8号',
      postcode: '528000',
      municipality: '佛山',
      staff_headcount: '120',
      annual_turnover_eur: '30000000',
      sectors: '28.41',
      offers_types: 'manufacturing',
      offers_text: '精密数控加工',
      seeks_types: 'technology_licensing',
      seeks_text: 'German sensor technology',
      keywords: '数控',
      target_countries: 'DE',
      languages: 'zh|en',
      preferred_language: 'zh',
      contact_name: `李${unique}`,
      contact_email: `li.${unique}@foshan-erasable.example`,
      contact_phone: '+86 731 2200 0000',
      anonymous: 'false',
      privacy_policy_version: '2026-11',
      china_transfer_version: '',
      transfer_basis: 'standard_contract',
    };
    const csv = [IMPORT_COLUMNS.join(';'), IMPORT_COLUMNS.map((column) => row[column] ?? '').join(';')].join('\r\n');
    const started = await http().post('/api/officer/companies/import?fileName=partners.csv').set(officerAuth).set('content-type', 'text/csv').send(csv);
    expect(started.status === 202 ? '' : JSON.stringify(started.body)).toBe('');
    const finished = await eventually(
      () => http().get(`/api/officer/companies/imports/${started.body.id}`).set(officerAuth).expect(200).then((response) => response.body),
      (body) => body.status === 'finished',
    );
    const companyId = finished.results[0].companyId as string;
    expect(companyId).toEqual(expect.any(String));

    await http().delete(`/api/companies/${companyId}`).set(officerAuth).expect(204);

    expect(await leftovers(dataSource, [row.legal_name, row.contact_email, row.contact_name])).toEqual([]);
    // The import itself stays countable.
    const after = await http().get(`/api/officer/companies/imports/${started.body.id}`).set(officerAuth).expect(200);
    expect(after.body).toMatchObject({ status: 'finished', createdRows: 1, results: [expect.objectContaining({ row: 2, outcome: 'created', companyId })] });
  });
});
