import type { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

// Bounded in CI; `npm run test:soak` runs it longer with more clients.
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 100);

type Outcome = { action: string; status: number; id?: string };

const MAX_HEAP_GROWTH_MB = 64;
const mb = (bytes: number) => Math.round(bytes / 1_048_576);

/** The heap still alive after a full garbage collection (the app runs in this process). */
function liveHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/**
 * A mixed workload from many clients at once (browsing, searching, registering, requesting, approving) against the
 * running application: no server error, and every write it accepted is there afterwards.
 */
describe('Mixed load (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  });

  afterAll(async () => {
    await app.close();
  });

  it(`serves ${CLIENTS} clients for ${SECONDS} s without a server error, and keeps every accepted write`, async () => {
    const smes: Company[] = [];
    const partners: Company[] = [];
    for (let index = 0; index < 20; index += 1) {
      smes.push(await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner für Sensoren' } }));
      partners.push(await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan'));
    }
    const smeAuth = await Promise.all(smes.map((company) => companyAuth(app, company.id)));
    const officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app)).email)}` };
    const server = app.getHttpServer();
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];
    let sequence = 0;
    const pendingRequests: string[] = [];

    const actions: Array<() => Promise<Outcome>> = [
      async () => ({ action: 'search', status: (await request(server).get('/api/companies').query({ q: pick(['Sensoren', 'sensors', '传感器', 'Vertrieb', 'jiqiren']) }).set('x-forwarded-for', clientAddress())).status }),
      async () => ({ action: 'directory page', status: (await request(server).get('/directory').query({ q: 'Sensoren', lang: pick(['de', 'en', 'zh']) }).set('x-forwarded-for', clientAddress())).status }),
      async () => ({ action: 'profile', status: (await request(server).get(`/api/companies/${pick(partners).id}`).set('x-forwarded-for', clientAddress())).status }),
      async () => {
        const index = Math.floor(Math.random() * smes.length);
        return { action: 'suggestions', status: (await request(server).get(`/api/companies/${smes[index].id}/suggestions`).set(smeAuth[index]).set('x-forwarded-for', clientAddress())).status };
      },
      async () => {
        sequence += 1;
        const body = registrationBody({ legalName: `Lasttest ${sequence} ${Date.now()} GmbH`, contact: { name: 'Last Test', email: `load.${sequence}.${Date.now()}@example.com` } });
        const response = await request(server).post('/api/companies').set('x-forwarded-for', clientAddress()).send(body);
        return { action: 'register', status: response.status, id: (body.contact as { email: string }).email };
      },
      async () => {
        const index = Math.floor(Math.random() * smes.length);
        const response = await request(server)
          .post('/api/match-requests')
          .set(smeAuth[index])
          .set('x-forwarded-for', clientAddress())
          .send({ targetCompanyId: pick(partners).id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' });
        if (response.status === 201) pendingRequests.push(response.body.id);
        return { action: 'request', status: response.status, id: response.body?.id };
      },
      async () => {
        const id = pendingRequests.shift();
        if (!id) return { action: 'approve', status: 204 };
        return { action: 'approve', status: (await request(server).post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).set('x-forwarded-for', clientAddress()).send({})).status, id };
      },
    ];

    const outcomes: Outcome[] = [];
    // A warm-up round first, so that what the first requests load once (metadata, templates) is not counted as growth.
    for (const action of actions) await action();
    const heapBefore = liveHeapBytes();
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < deadline) outcomes.push(await pick(actions)());
      }),
    );

    const heapAfter = liveHeapBytes();
    if (process.env.LOAD_REPORT) {
      const summary: Record<string, Record<number, number>> = {};
      for (const { action, status } of outcomes) (summary[action] ??= {})[status] = ((summary[action] ??= {})[status] ?? 0) + 1;
      writeFileSync(
        process.env.LOAD_REPORT,
        JSON.stringify({ clients: CLIENTS, seconds: SECONDS, requests: outcomes.length, liveHeapMb: { before: mb(heapBefore), after: mb(heapAfter) }, byAction: summary }, null, 2),
      );
    }
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    expect(serverErrors).toEqual([]);
    // Memory steady: what stays alive after a full collection does not grow with the requests served.
    expect(mb(heapAfter - heapBefore)).toBeLessThan(MAX_HEAP_GROWTH_MB);
    expect(outcomes.length).toBeGreaterThan(CLIENTS);
    const registered = outcomes.filter((outcome) => outcome.action === 'register' && outcome.status === 202).map((outcome) => outcome.id!);
    const requested = outcomes.filter((outcome) => outcome.action === 'request' && outcome.status === 201).map((outcome) => outcome.id!);
    const approved = outcomes.filter((outcome) => outcome.action === 'approve' && outcome.status === 201).map((outcome) => outcome.id!);
    expect(await dataSource.getRepository(Company).countBy(registered.map((contactEmail) => ({ contactEmail })))).toBe(registered.length);
    const [{ requests }] = await dataSource.query(`SELECT count(*)::int AS requests FROM match_requests WHERE id = ANY($1::uuid[])`, [requested]);
    expect(requests).toBe(requested.length);
    const [{ introductions }] = await dataSource.query(`SELECT count(DISTINCT payload->>'matchRequestId')::int AS introductions FROM outbox_messages WHERE template = 'match_introduction' AND payload->>'matchRequestId' = ANY($1)`, [approved]);
    expect(introductions).toBe(approved.length);
    // Every request rests in one state only, and each pair has at most one open request.
    const [{ doubled }] = await dataSource.query(
      `SELECT count(*)::int AS doubled FROM (SELECT 1 FROM match_requests WHERE status IN ('pending_review','pending_partner_office','approved','introduced','accepted') GROUP BY least(requester_company_id, target_company_id), greatest(requester_company_id, target_company_id) HAVING count(*) > 1) pairs`,
    );
    expect(doubled).toBe(0);
  }, (SECONDS + 120) * 1000);
});
