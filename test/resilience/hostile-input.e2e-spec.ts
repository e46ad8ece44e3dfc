import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress, PUBLIC_ORIGIN } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

/** Values that break naive code: every kind of JSON, and strings from the corners of Unicode. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u200b\u200d\ufeff',
  'مرحبا بالعالم',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301',
  '👩‍🔬🇨🇳🇩🇪',
  '机器人传感器',
  "'; DROP TABLE companies; --",
  '%_\\%',
  '<script>alert(1)</script>',
  'line\r\nBcc: x@evil.example',
  '../../etc/passwd',
  'x'.repeat(100_000),
];
const nastyString = fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 60 }));
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyString, { maxLength: 30 }),
  fc.dictionary(fc.string({ maxLength: 10 }), nastyString, { maxKeys: 5 }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.anything({ maxDepth: 3 }),
);

const COUNTED_TABLES = ['companies', 'company_consents', 'match_requests', 'outbox_messages', 'audit_entries', 'office_contacts', 'sessions', 'users'];
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

function paths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => paths(inner, prefix ? `${prefix}.${key}` : key));
}

function withValueAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const segments = path.split('.');
  let node = copy;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[segments[segments.length - 1]] = value;
  return copy;
}

describe('Hostile input (e2e, property-based)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let sequence = 0;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
  });

  afterAll(async () => {
    await app.close();
  });

  // Every call from an address of its own: the rate limits are not what these properties are about.
  const http = () => {
    const server = request(app.getHttpServer());
    return {
      get: (path: string) => server.get(path).set('x-forwarded-for', clientAddress()),
      post: (path: string) => server.post(path).set('x-forwarded-for', clientAddress()),
      put: (path: string) => server.put(path).set('x-forwarded-for', clientAddress()),
    };
  };
  const counts = async () => Object.fromEntries(await Promise.all(COUNTED_TABLES.map(async (table) => [table, (await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n] as const)));

  /** A refusal is a 4xx that names the fields at fault, and leaves every table as it was. */
  async function expectCleanRefusal(response: request.Response, before: Record<string, number>, field?: string): Promise<void> {
    expect({ status: response.status, body: response.status >= 500 ? response.body : undefined }).toEqual({ status: expect.any(Number), body: undefined });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    if (response.status === 400 && response.body.errors) {
      const fields: string[] = response.body.errors.map((error: { field: string }) => error.field);
      expect(fields.every((name) => typeof name === 'string' && name.length > 0)).toBe(true);
      if (field) expect(fields.some((name) => name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`) || field.startsWith(`${name}.`))).toBe(true);
    }
    expect(await counts()).toEqual(before);
  }

  it('refuses a registration with any one field replaced by a hostile value, naming that field, or accepts it whole', async () => {
    const fields = paths(registrationBody()).filter((path) => !path.startsWith('consent'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), nastyValue, async (field, value) => {
        sequence += 1;
        const body = withValueAt(registrationBody({ legalName: `Hostile Test ${sequence} GmbH`, contact: { name: 'Test', email: `hostile.${sequence}@example.com` } }), field, value);
        const before = await counts();
        const response = await http().post('/api/companies').send(body);
        if (response.status === 202) return;
        await expectCleanRefusal(response, before, field);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses any JSON at all as a registration without a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 4, withNullPrototype: true }), async (value) => {
        sequence += 1;
        const before = await counts();
        const response = await http().post('/api/companies').send(JSON.stringify(value) ?? 'null').set('content-type', 'application/json');
        await expectCleanRefusal(response, before);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses hostile introduction requests and officer decisions, changing nothing', async () => {
    const requester = await createActiveCompany(app);
    const target = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Vertrieb' } }, 'foshan');
    const auth = await companyAuth(app, requester.id);
    const valid = { targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('targetCompanyId', 'purpose', 'message', 'extra'), nastyValue, async (field, value) => {
        const before = await counts();
        const response = await http().post('/api/match-requests').set(auth).send({ ...valid, [field]: value });
        if (response.status === 201) {
          await http().post(`/api/match-requests/${response.body.id}/withdraw`).set(auth).expect(201);
          return;
        }
        await expectCleanRefusal(response, before, field);
      }),
      { numRuns: RUNS },
    );
    const { id } = (await http().post('/api/match-requests').set(auth).send(valid).expect(201)).body;
    await fc.assert(
      fc.asyncProperty(nastyValue, async (reason) => {
        const before = await counts();
        const response = await http().post(`/api/officer/match-requests/${id}/reject`).set(officerAuth).send({ reason });
        // Text in any script is a reason; what is accepted must be one, and is stored as sent.
        if (response.status === 201) {
          expect(typeof reason === 'string' && reason.trim().length >= 10 && reason.trim().length <= 1000).toBe(true);
          expect((await dataSource.query(`SELECT rejection_reason FROM match_requests WHERE id = $1`, [id]))[0].rejection_reason).toBe((reason as string).trim());
          return;
        }
        await expectCleanRefusal(response, before, 'reason');
      }),
      { numRuns: RUNS, examples: [['   '], ['\u0000'.repeat(20)], [{ toString: 'x' }]] },
    );
  });

  it('keeps office contacts valid whatever is sent', async () => {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug: 'koeln' });
    await dataSource.getRepository(OfficeContact).save({ cityId: city.id, officeName: 'Amt für Wirtschaft', email: 'wirtschaft@koeln.example', preferredLanguage: 'de', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    const valid = { officeName: 'Amt für Wirtschaft', email: 'wirtschaft@koeln.example', preferredLanguage: 'de', introductionRouting: 'company_with_office_cc' };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('officeName', 'email', 'phone', 'preferredLanguage', 'introductionRouting', 'approvesIntroductions', 'postalAddress'), nastyValue, async (field, value) => {
        const before = await counts();
        const response = await http().put('/api/officer/cities/koeln/office-contact').set(officerAuth).send({ ...valid, [field]: value });
        if (response.status < 300) return;
        await expectCleanRefusal(response, before, field);
      }),
      { numRuns: RUNS },
    );
  });

  it('treats search terms as text: wildcards, quotes and SQL find nothing special and never fail', async () => {
    await createActiveCompany(app, { legalName: 'Wildcard Probe GmbH', keywords: ['Probe'] });
    await fc.assert(
      fc.asyncProperty(nastyString.filter((text) => text.length <= 200 && text.trim().length > 0), async (q) => {
        const response = await http().get('/api/companies').query({ q });
        expect([200, 400]).toContain(response.status);
      }),
      { numRuns: RUNS },
    );
    for (const q of ['%', '_', '%%', "' OR '1'='1", '\\']) {
      const response = await http().get('/api/companies').query({ q }).expect(200);
      expect(response.body.items.map((item: { name: string }) => item.name)).not.toContain('Wildcard Probe GmbH');
    }
  });

  it('answers hostile form posts of the pages with pages, never a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('legalName', 'address.municipality', 'sectors', 'languages', 'contact.email', 'size.staffHeadcount', '__proto__', 'constructor.prototype.x'), nastyString, { maxKeys: 6 }), async (form) => {
        sequence += 1;
        const before = await counts();
        const response = await http().post('/register').type('form').set('origin', PUBLIC_ORIGIN).send(form);
        expect(response.status).toBeLessThan(500);
        // A form over BODY_LIMIT is refused before any page is involved.
        if (response.status !== 413) expect(response.headers['content-type']).toContain('text/html');
        if (response.status !== 200) expect(await counts()).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses bodies over the limit, wrong content types, malformed and deeply nested JSON, and prototype keys', async () => {
    const before = await counts();
    const huge = await http().post('/api/companies').set('content-type', 'application/json').send(JSON.stringify({ legalName: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    const wrongType = await http().post('/api/match-requests').set(officerAuth).set('content-type', 'application/xml').send('<request/>');
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
    const malformed = await http().post('/api/companies').set('content-type', 'application/json').send('{"legalName": ');
    expect(malformed.status).toBe(400);
    const deep = await http().post('/api/companies').set('content-type', 'application/json').send(`${'['.repeat(5_000)}${']'.repeat(5_000)}`);
    expect(deep.status).toBeGreaterThanOrEqual(400);
    expect(deep.status).toBeLessThan(500);
    const polluted = await http().post('/api/companies').set('content-type', 'application/json').send(`{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}`);
    expect(polluted.status).toBe(400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await counts()).toEqual(before);
  });
});
