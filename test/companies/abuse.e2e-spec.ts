import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SIGN_IN_LINK_QUEUE } from '../../src/queue/queue.constants';
import { REDIS_CLIENT } from '../../src/redis/redis.module';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
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

    it('twelve requests for one address from twelve clients send one email; later links leave the earlier ones valid; five an hour at most', async () => {
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
      // Nor do links someone else asks for in the minutes after: the first link works until it expires.
      for (let round = 0; round < 2; round += 1) {
        await dataSource.query(`UPDATE outbox_messages SET created_at = created_at - interval '2 minutes' WHERE recipient = $1`, [email]);
        await askForLink(email).expect(202);
        await settled();
      }
      expect(await signInEmails(email)).toHaveLength(4);
      await http().post('/api/companies/session').set('x-forwarded-for', clientAddress()).set('origin', PUBLIC_ORIGIN).send({ token: firstToken }).expect(200);

      for (let round = 0; round < 3; round += 1) {
        await dataSource.query(`UPDATE outbox_messages SET created_at = created_at - interval '2 minutes' WHERE recipient = $1`, [email]);
        await askForLink(email).expect(202);
        await settled();
      }
      expect(await signInEmails(email)).toHaveLength(5);
    });
    it('stops one client asking for links to address after address: twenty requests an hour', async () => {
      const client = clientAddress();
      // Nineteen requests in this hour already (the ten-a-minute limit keeps a test from making them quickly).
      const redis = app.get<Redis>(REDIS_CLIENT);
      const hour = Math.floor(Date.now() / 3_600_000);
      for (const window of [hour, hour + 1]) await redis.set(`${process.env.REDIS_PREFIX}:sign-in-link-requests:${client}:${window}`, '19', 'PX', 60_000);
      const ask = (address: string, from: string) => http().post('/api/companies/login-link').set('x-forwarded-for', from).send({ email: address });
      await ask('twentieth@victims.example', client).expect(202);
      const refused = await ask('twenty-first@victims.example', client).expect(429);
      expect(refused.body.message).toMatch(/Too many sign-in link requests/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      await ask('twenty-first@victims.example', clientAddress()).expect(202);
    });
  });

  describe('registration', () => {
    const register = (body: Record<string, unknown>) => http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body);
    const companies = () => dataSource.query(`SELECT count(*)::int AS n FROM companies`).then(([row]) => row.n as number);
    async function writtenMessage(template: string, recipient: string) {
      const [row] = await eventually<Array<{ id: string; status: string; payload: Record<string, unknown> }>>(
        () => dataSource.query(`SELECT id, payload, status FROM outbox_messages WHERE template = $1 AND recipient = $2 ORDER BY created_at DESC LIMIT 1`, [template, recipient]),
        (rows) => rows[0]?.status === 'sent',
      );
      const parsed = await simpleParser(await readFile(join(process.env.MAIL_DIRECTORY!, `${row.id}.eml`)));
      return { payload: row.payload, subject: parsed.subject ?? '', text: parsed.text ?? '', html: String(parsed.html) };
    }

    it('answers a duplicate by contact email or by legal name exactly like a new registration, and tells the address by email', async () => {
      worker ??= await createTestWorker();
      const onFile = await createActiveCompany(app);
      const fresh = registrationBody();
      const newAnswer = await register(fresh);
      const before = await companies();

      const sameEmail = await register(registrationBody({ contact: { name: 'Someone Else', email: onFile.contactEmail } }));
      const sameNameAddress = `same.name.${Date.now()}@elsewhere.example`;
      const sameName = await register(registrationBody({ legalName: onFile.legalName, contact: { name: 'Someone Else', email: sameNameAddress } }));
      for (const answer of [sameEmail, sameName]) expect({ status: answer.status, body: answer.body }).toEqual({ status: newAnswer.status, body: newAnswer.body });
      expect(newAnswer.status).toBe(202);
      expect(JSON.stringify([sameEmail.body, sameName.body])).not.toContain(onFile.legalName);
      expect(await companies()).toBe(before);

      const toOwner = await writtenMessage('company_registration_existing', onFile.contactEmail!);
      expect(toOwner.text).toContain('/companies/login');
      const toRegistrant = await writtenMessage('company_registration_duplicate', sameNameAddress);
      for (const part of [toRegistrant.subject, toRegistrant.text, toRegistrant.html]) expect(part).not.toContain(onFile.legalName);
    });

    it('writes to an unconfirmed address with none of the registrant\'s words: no name, no description, only the platform\'s text and the link', async () => {
      worker ??= await createTestWorker();
      const lure = 'Ihr Steuerkonto ist gesperrt – zahlen Sie unter https://evil.example';
      const body = registrationBody({ legalName: `${lure} GmbH`, description: lure, contact: { name: lure.slice(0, 60), email: `lure.${Date.now()}@victim.example` } });
      await register(body).expect(202);
      const verification = await writtenMessage('company_email_verification', (body.contact as { email: string }).email);
      expect(JSON.stringify(verification.payload)).not.toContain('Steuerkonto');
      for (const part of [verification.subject, verification.text, verification.html]) {
        expect(part).not.toContain('Steuerkonto');
        expect(part).not.toContain('evil.example');
      }
      expect(verification.text).toMatch(/\/companies\/verify\?token=[A-Za-z0-9_-]{43}/);
    });
  });

  describe('look-alike names', () => {
    const register = (body: Record<string, unknown>) => http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body);
    const companiesNamed = (pattern: string) => dataSource.query(`SELECT legal_name FROM companies WHERE legal_name ILIKE $1`, [pattern]);

    it('finds the existing profile behind zero-width characters, soft hyphens and Cyrillic or Greek letters, and creates nothing', async () => {
      const onFile = await createActiveCompany(app, { legalName: `Taunus Optik ${Date.now()} GmbH` });
      const [, stamp] = /Optik (\d+)/.exec(onFile.legalName)!;
      const disguises = [
        `Tau\u200Bnus Op\u200Dtik ${stamp} GmbH`,
        `Tau\u00ADnus Optik ${stamp} GmbH`,
        `T\u0430unus \u041Eptik ${stamp} GmbH`, // Cyrillic а and О
        `Taunus \u039Fptik ${stamp} GmbH`, // Greek Ο
        `ＴＡＵＮＵＳ Optik ${stamp} GmbH`, // full-width
        `Taunus Optik ${stamp} G\uFEFFmbH`, // zero-width no-break space
        `Taunus\u3164 Op\u034Ftik ${stamp} Gmb\uFE0FH`, // Hangul filler, combining grapheme joiner, variation selector: all invisible
        `Taunus Optik ${stamp} Gmb\u0397`, // Greek capital Eta, which looks like H
        `TAUNUS OPTIK ${stamp} G\u039CBH`, // Greek capital Mu
        `Taunus \u0585ptik ${stamp} GmbH`, // Armenian o
      ];
      const before = await dataSource.query(`SELECT count(*)::int AS n FROM companies`);
      for (const legalName of disguises) await register(registrationBody({ legalName })).expect(202);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM companies`)).toEqual(before);
    });

    it('refuses a profile renamed to the look-alike of another organisation of its city with 409 naming legalName, and changes nothing', async () => {
      const stamp = Date.now();
      const onFile = await createActiveCompany(app, { legalName: `Kurpark Messtechnik ${stamp} GmbH` });
      const renaming = await createActiveCompany(app);
      for (const legalName of [`Kurpark Messtechnik ${stamp} GmbH`, `Kurp\u0430rk Messtechnik ${stamp} GmbH`, `KURPARK Mess\u00ADtechnik ${stamp} GmbH`]) {
        const body = registrationBody({ legalName, contact: { name: renaming.contactName, email: renaming.contactEmail } });
        delete (body as Record<string, unknown>).consent;
        const refused = await http().put(`/api/companies/${renaming.id}/profile`).set(await companyAuth(app, renaming.id)).send(body).expect(409);
        expect(refused.body).toMatchObject({ field: 'legalName' });
      }
      expect(await dataSource.query(`SELECT legal_name FROM companies WHERE id = $1`, [renaming.id])).toEqual([{ legal_name: renaming.legalName }]);
      expect(await dataSource.query(`SELECT legal_name FROM companies WHERE id = $1`, [onFile.id])).toEqual([{ legal_name: onFile.legalName }]);
    });

    it('refuses direction controls in a name with 400 naming the field, and stores names without invisible characters', async () => {
      const reversed = await register(registrationBody({ legalName: `Evil \u202EHbmG Corp ${Date.now()}` })).expect(400);
      expect(reversed.body.errors).toEqual([{ field: 'legalName', message: 'legalName must not contain right-to-left or other text direction control characters' }]);
      const contact = await register(registrationBody({ contact: { name: 'Julia \u2067Hartmann', email: `rlo.${Date.now()}@example.com` } })).expect(400);
      expect(contact.body.errors.map((error: { field: string }) => error.field)).toEqual(['contact.name']);
      const role = await register(registrationBody({ contact: { name: 'Julia Hartmann', role: 'Vertrieb \u202Eeniltoh', email: `rlo.role.${Date.now()}@example.com` } })).expect(400);
      expect(role.body.errors.map((error: { field: string }) => error.field)).toEqual(['contact.role']);

      const stamp = Date.now();
      await register(registrationBody({ legalName: `Sauber\u200B Technik\u00AD ${stamp} GmbH` })).expect(202);
      expect(await companiesNamed(`%Technik ${stamp}%`)).toEqual([{ legal_name: `Sauber Technik ${stamp} GmbH` }]);
    });
  });
});
