import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource, QueryRunner } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { StartedProcess, startProcess, waitForOutput } from '../utils/processes';
import { PHASES, StallingSmtp } from '../utils/stalling-smtp';
import { createTestApp } from '../utils/test-app';
import { eventually } from '../utils/test-worker';

/**
 * The worker (a process of its own) is killed with SIGKILL while the SMTP server holds one conversation at each phase:
 * before the greeting, at MAIL FROM, at RCPT TO, at DATA before 354, after 354 while the body arrives, and after the
 * final "." before the answer. Everything before the final "." goes out again by itself, exactly once; the message
 * the server had in full waits as unconfirmed for an officer, and is not sent again.
 */
describe('Email hand-over through a crash at every SMTP phase (e2e)', () => {
  const smtp = new StallingSmtp();
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let worker: StartedProcess | undefined;
  let lock: QueryRunner | undefined;

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.OUTBOX_SWEEP_MS = '300';
    // Long enough that the live worker's held conversations are not taken for abandoned before the crash.
    process.env.MAIL_SEND_TIMEOUT_MS = '8000';
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  }, 60_000);

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await lock?.release();
    await app?.close();
    await smtp.stop();
  });

  async function startWorker(): Promise<StartedProcess> {
    const started = startProcess('worker.ts', { ...process.env, LOG_LEVEL: 'info' });
    await waitForOutput(started, 'Worker started', 40_000);
    return started;
  }

  const http = () => request(app.getHttpServer());
  async function approve(requester: Company, target: Company): Promise<void> {
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
  }

  /**
   * Holds the claimed message's row while the server takes the body: the worker cannot record the hand-over, so it
   * cannot write the final "." either, and dies in between (a slow database does the same). Only a conversation whose
   * message is known by its recipients is chosen.
   */
  async function lockRowOf(recipients: string[]): Promise<boolean> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    const [rows] = await runner.query(`SELECT count(*)::int AS count FROM outbox_messages WHERE status = 'sending' AND recipient = ANY($1::text[])`, [recipients]);
    if (rows.count === 1) {
      await runner.query(`SELECT id FROM outbox_messages WHERE status = 'sending' AND recipient = ANY($1::text[]) FOR UPDATE`, [recipients]);
      lock = runner;
      return true;
    }
    await runner.rollbackTransaction();
    await runner.release();
    return false;
  }

  it('sends again by itself, exactly once, what the server did not have up to the final dot; leaves the one it had unconfirmed', async () => {
    const pairs: Array<[Company, Company]> = [];
    for (let index = 0; index < 4; index += 1) {
      pairs.push([
        await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } }),
        await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan'),
      ]);
    }
    const before = new Date();
    for (const [requester, target] of pairs) await approve(requester, target);
    const emails = () => dataSource.getRepository(OutboxMessage).createQueryBuilder('message').where('message.createdAt >= :before', { before }).getMany();
    expect((await emails()).length).toBeGreaterThanOrEqual(PHASES.length + 2);

    smtp.arm(PHASES, lockRowOf);
    const first = await startWorker();
    worker = first;
    // Every other message is through and recorded, so that only the held conversations were cut by the crash.
    const atCrash = await eventually(
      async () => ({ reached: smtp.allReached(), rows: await emails() }),
      ({ reached, rows }) => reached && rows.filter((row) => row.status === 'sending').length === PHASES.length && rows.every((row) => row.status === 'sent' || row.status === 'sending'),
      40_000,
    );
    const cut = atCrash.rows.filter((row) => row.status === 'sending').map((row) => row.id);
    expect(cut).toHaveLength(PHASES.length);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // The dead worker's statement waiting for the row would still run once the row is free (PostgreSQL does not
    // notice a vanished client while it waits for a lock): it died with the worker.
    const [{ pid }] = await lock!.query(`SELECT pg_backend_pid() AS pid`);
    await dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, [pid]);
    await lock!.rollbackTransaction();
    await lock!.release();
    lock = undefined;
    smtp.disarm();

    // What the server had in full before the crash; it must not get any of these again.
    const heldAfterDot = smtp.received.find((message) => message.recipients.join() === smtp.held.get('answer')!.recipients.join())!.outboxId!;
    worker = await startWorker();
    const settled = await eventually(emails, (rows) => rows.every((row) => row.status === 'sent' || row.status === 'unconfirmed'), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(cut).toContain(heldAfterDot);
    expect(settled.filter((row) => row.status === 'unconfirmed').map((row) => row.id)).toEqual([heldAfterDot]);
    expect(settled.find((row) => row.id === heldAfterDot)!.handedOverAt).not.toBeNull();
    for (const row of settled) expect({ id: row.id, copies: smtp.copiesOf(row.id) }).toEqual({ id: row.id, copies: 1 });
    // Every conversation cut before the final dot was sent again by itself: claimed a second time.
    for (const id of cut.filter((candidate) => candidate !== heldAfterDot)) {
      const row = settled.find((candidate) => candidate.id === id)!;
      expect({ id, status: row.status, attempts: row.attempts }).toEqual({ id, status: 'sent', attempts: 2 });
    }
  }, 150_000);
});
