import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SIGN_IN_LINK_QUEUE } from '../../src/queue/queue.constants';
import { createActiveCompany } from '../factories/company.factory';
import { clientAddress, PUBLIC_ORIGIN } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

/** What a stranger can do with the platform's name: flood a mailbox, learn who is registered. */
describe('The platform cannot be used against others (e2e)', () => {
  let app: NestExpressApplication;
  let worker: INestApplicationContext | undefined;
  let dataSource: DataSource;
  let signInQueue: Queue;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    signInQueue = app.get(getQueueToken(SIGN_IN_LINK_QUEUE));
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());
  const askForLink = (email: string) => http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email });
  const signInEmails = async (email: string): Promise<Array<{ id: string; status: string }>> =>
    dataSource.query(`SELECT id, status FROM outbox_messages WHERE template = 'company_magic_link' AND recipient = $1 ORDER BY created_at`, [email]);
  const settled = () => eventually(() => signInQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'), (counts) => Object.values(counts).every((count) => count === 0));

  async function deliveredToken(outboxId: string): Promise<string> {
    return eventually(
      async () => {
        const [{ status }] = await dataSource.query(`SELECT status FROM outbox_messages WHERE id = $1`, [outboxId]);
        if (status !== 'sent') return null;
        const parsed = await simpleParser(await readFile(join(process.env.MAIL_DIRECTORY!, `${outboxId}.eml`)));
        return /token=([A-Za-z0-9_-]{43})/.exec(parsed.text ?? '')?.[1] ?? null;
      },
      (token) => token !== null,
    ) as Promise<string>;
  }

  describe('sign-in links', () => {
    it('answers a known and an unknown address alike, and the answer itself writes nothing for either', async () => {
      const company = await createActiveCompany(app);
      const known = await askForLink(company.contactEmail!);
      const unknown = await askForLink('nobody.here@unknown.example');
      expect({ status: known.status, body: known.body }).toEqual({ status: unknown.status, body: unknown.body });
      expect(known.status).toBe(202);

      // No worker is running yet: what the request did is all there is.
      expect(await signInEmails(company.contactEmail!)).toEqual([]);
      expect(await dataSource.query(`SELECT id FROM auth_tokens WHERE subject_id = $1`, [company.id])).toEqual([]);
      const waiting = await signInQueue.getJobs(['waiting', 'prioritized', 'delayed']);
      expect(waiting.map((job) => job.data).sort((a, b) => a.email.localeCompare(b.email))).toEqual([{ email: company.contactEmail }, { email: 'nobody.here@unknown.example' }]);

      worker = await createTestWorker();
      await settled();
      expect(await signInEmails(company.contactEmail!)).toHaveLength(1);
      expect(await signInEmails('nobody.here@unknown.example')).toEqual([]);
    });

    it('twelve requests for one address from twelve clients send one email; a later link leaves the earlier one valid; five an hour at most', async () => {
      const company = await createActiveCompany(app);
      const email = company.contactEmail!;
      const answers = await Promise.all(Array.from({ length: 12 }, () => askForLink(email)));
      expect(new Set(answers.map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)).size).toBe(1);
      await settled();
      const [first] = await signInEmails(email);
      expect(await signInEmails(email)).toHaveLength(1);
      const firstToken = await deliveredToken(first.id);

      // A minute later another link may go out; the first one keeps working.
      await dataSource.query(`UPDATE outbox_messages SET created_at = created_at - interval '2 minutes' WHERE recipient = $1`, [email]);
      await askForLink(email).expect(202);
      await settled();
      const [, second] = await signInEmails(email);
      expect(second).toBeDefined();
      await deliveredToken(second.id);
      await http().post('/api/companies/session').set('x-forwarded-for', clientAddress()).set('origin', PUBLIC_ORIGIN).send({ token: firstToken }).expect(200);

      for (let round = 0; round < 5; round += 1) {
        await dataSource.query(`UPDATE outbox_messages SET created_at = created_at - interval '2 minutes' WHERE recipient = $1`, [email]);
        await askForLink(email).expect(202);
        await settled();
      }
      expect(await signInEmails(email)).toHaveLength(5);
    });
  });
});
