import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { freePort, PrivateRedis, StartedProcess, startProcess, waitForOutput } from '../utils/processes';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { eventually } from '../utils/test-worker';

/**
 * The worker runs as a process of its own, on a Redis of this test's own: both can be killed and
 * started again while the API goes on answering.
 */
describe('Email delivery through crashes and outages (e2e)', () => {
  const smtp = new SmtpCapture();
  let redis: PrivateRedis;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let worker: StartedProcess | undefined;
  let workerEnv: Record<string, string | undefined>;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    process.env.REDIS_URL = redis.url;
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.OUTBOX_SWEEP_MS = '300';
    process.env.MAIL_SEND_TIMEOUT_MS = '1500';
    app = await createTestApp();
    dataSource = app.get(DataSource);
    workerEnv = { ...process.env, LOG_LEVEL: 'info' };
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  }, 60_000);

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await app?.close();
    await smtp.stop();
    await redis?.stop();
  });

  async function startWorker(): Promise<StartedProcess> {
    const started = startProcess('worker.ts', workerEnv);
    await waitForOutput(started, 'Worker started', 40_000);
    return started;
  }

  const http = () => request(app.getHttpServer());
  const pair = async (): Promise<[Company, Company]> => [
    await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } }),
    await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan'),
  ];
  async function approve(requester: Company, target: Company): Promise<string> {
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
    return id;
  }
  const introductionTo = (target: Company) => dataSource.getRepository(OutboxMessage).findOneByOrFail({ template: 'match_introduction', recipient: target.contactEmail! });

  it('kills the worker in the middle of a batch of introductions: nothing is sent twice, what was not handed over goes out again, the officer settles what was', async () => {
    worker = await startWorker();
    const pairs = [await pair(), await pair(), await pair(), await pair(), await pair()];
    const targets = pairs.map(([, target]) => target);
    const victim = targets[2];
    const killed = worker;
    // The worker dies after the server has stored this message but before it hears the answer.
    smtp.beforeAnswering(async (mail) => {
      if (!mail.envelopeTo.includes(victim.contactEmail!)) return;
      killed.child.kill('SIGKILL');
      await killed.exited;
    });
    const requestIds: string[] = [];
    for (const [requester, target] of pairs) requestIds.push(await approve(requester, target));
    expect((await killed.exited).signal).toBe('SIGKILL');
    smtp.beforeAnswering(undefined);

    worker = await startWorker();
    const received = (target: Company) => smtp.to(target.contactEmail!).filter((mail) => /\/respond\//.test(mail.parsed.text ?? '')).length;
    // Every introduction ends sent (those the dead worker had not handed over go out again by themselves, once its
    // claim and its job's lock have expired) or unconfirmed (handed over, so possibly delivered): never lost unseen.
    const settled = await Promise.all(targets.map((target) => eventually(() => introductionTo(target), (row) => row.status === 'sent' || row.status === 'unconfirmed', 75_000)));
    expect(settled.find((row) => row.recipient === victim.contactEmail)!.status).toBe('unconfirmed');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const target of targets) expect(received(target)).toBeLessThanOrEqual(1);

    // The officer confirms what arrived and sends again what did not.
    const listed = await http().get('/api/officer/emails?status=unconfirmed').set(officerAuth).expect(200);
    for (const row of settled.filter((candidate) => candidate.status === 'unconfirmed')) {
      expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(row.id);
      const target = targets.find((candidate) => candidate.contactEmail === row.recipient)!;
      if (received(target) === 1) await http().post(`/api/officer/emails/${row.id}/confirm-delivered`).set(officerAuth).expect(200);
      else await http().post(`/api/officer/emails/${row.id}/retry`).set(officerAuth).send({}).expect(202);
    }
    // A job the dead worker held is taken up again once its lock expires (BullMQ's stalled-job check, 10 s for mail jobs).
    for (const target of targets) await eventually(async () => received(target), (count) => count === 1, 75_000);
    for (const id of requestIds) await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const target of targets) expect(received(target)).toBe(1);
  }, 180_000);

  it('approves while Redis is down, and delivers every email exactly once when it is back', async () => {
    worker ??= await startWorker();
    const pairs = [await pair(), await pair(), await pair()];
    await redis.stop();
    const started = Date.now();
    const requestIds: string[] = [];
    for (const [requester, target] of pairs) requestIds.push(await approve(requester, target));
    expect(Date.now() - started).toBeLessThan(15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const [, target] of pairs) expect(smtp.to(target.contactEmail!)).toEqual([]);

    await redis.start();
    for (const [, target] of pairs) await smtp.waitFor((mail) => mail.envelopeTo.includes(target.contactEmail!), 40_000);
    for (const id of requestIds) await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id }), (row) => row.status === 'introduced', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const [, target] of pairs) expect(smtp.to(target.contactEmail!)).toHaveLength(1);
  }, 120_000);
});
