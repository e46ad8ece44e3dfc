import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MAIL_QUEUE } from '../../src/queue/queue.constants';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { freePort, PrivateRedis, StartedProcess, startProcess, waitForOutput } from '../utils/processes';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { eventually } from '../utils/test-worker';

/**
 * Redis (a server of the test's own, which keeps nothing across restarts) loses the mail jobs of approvals that were
 * already queued. The worker notices when its connection comes back and queues them again within seconds.
 */
describe('Email queue recovery after Redis comes back empty (e2e)', () => {
  const smtp = new SmtpCapture();
  const sharedRedisUrl = process.env.REDIS_URL;
  let redis: PrivateRedis;
  let app: NestExpressApplication;
  let officerAuth: { authorization: string };
  let worker: StartedProcess | undefined;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    process.env.REDIS_URL = redis.url;
    process.env.SMTP_URL = await smtp.start();
    // The default sweep: recovery must not wait for a sweep to come round.
    process.env.OUTBOX_SWEEP_MS = '15000';
    app = await createTestApp();
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    const foshan = await app.get(DataSource).getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await app.get(DataSource).getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  }, 60_000);

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await app?.close();
    await smtp.stop();
    await redis?.stop();
    if (sharedRedisUrl === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = sharedRedisUrl;
  });

  const http = () => request(app.getHttpServer());
  async function approve(requester: Company, target: Company): Promise<void> {
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
  }
  const pair = async (): Promise<[Company, Company]> => [
    await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } }),
    await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan'),
  ];

  it('queues again, within seconds of Redis answering, the jobs a restart lost, and shows what waits for the queue', async () => {
    worker = startProcess('worker.ts', { ...process.env, LOG_LEVEL: 'info' });
    await waitForOutput(worker, 'Worker started', 40_000);
    // The jobs wait in Redis (the queue is paused) when Redis goes away.
    const queue = new Queue(MAIL_QUEUE, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix: `${process.env.REDIS_PREFIX}:bull` });
    await queue.pause();
    const queued = [await pair(), await pair(), await pair()];
    for (const [requester, target] of queued) await approve(requester, target);
    const dataSource = app.get(DataSource);
    const queuedIntroductions = async () => (await dataSource.query(`SELECT count(*)::int AS count FROM outbox_messages WHERE status = 'pending' AND queued_at IS NOT NULL AND template = 'match_introduction'`))[0].count;
    await eventually(queuedIntroductions, (count) => count === 3);
    expect((await http().get('/api/officer/emails').set(officerAuth).expect(200)).body.waitingForQueue).toBe(0);
    await queue.close();

    await redis.stop();
    // Written while Redis is away: waiting for the queue, as readiness and the officer's page say.
    const [requester, target] = await pair();
    await approve(requester, target);
    const down = await http().get('/health/ready').expect(503);
    expect(down.body.details.outbox.waitingForQueue).toBeGreaterThanOrEqual(1);
    expect((await http().get('/api/officer/emails').set(officerAuth).expect(200)).body.waitingForQueue).toBeGreaterThanOrEqual(1);

    await redis.start();
    const back = Date.now();
    const partners = [...queued.map(([, partner]) => partner), target];
    for (const partner of partners) await smtp.waitFor((mail) => mail.envelopeTo.includes(partner.contactEmail!), 30_000);
    const recoveredIn = Date.now() - back;
    expect(recoveredIn).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const partner of partners) expect(smtp.to(partner.contactEmail!)).toHaveLength(1);
    const ready = await eventually(() => http().get('/health/ready'), (response) => response.status === 200 && response.body.details.outbox.waitingForQueue === 0, 15_000);
    expect(ready.body.details.outbox).toEqual({ status: 'up', waitingForQueue: 0 });
  }, 90_000);
});
