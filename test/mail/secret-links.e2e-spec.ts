import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { UserRole } from '../../src/common/principal';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress, PUBLIC_ORIGIN, sessionCookieFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

/**
 * Emails go to .eml files (no SMTP_URL), as on a developer's machine: the file on disk holds the link for its
 * recipient; nothing an officer can open does.
 */
describe('Links that sign in, set a password or confirm an address stay with their recipient (e2e)', () => {
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let adminAuth: { authorization: string };
  let officerAuth: { authorization: string };
  let officerCookie: string;

  beforeAll(async () => {
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    adminAuth = { authorization: `Bearer ${await bearerTokenFor(app, admin.email)}` };
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    officerCookie = await sessionCookieFor(app, officer.email);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  async function newestEmail(template: string, recipient: string): Promise<{ id: string; payload: Record<string, unknown> }> {
    return eventually(
      async () => (await dataSource.query(`SELECT id, payload FROM outbox_messages WHERE template = $1 AND recipient = $2 ORDER BY created_at DESC LIMIT 1`, [template, recipient]))[0],
      (row) => row !== undefined,
    );
  }

  /** The token as the recipient reads it: from the message written to MAIL_DIRECTORY once it is sent. */
  async function deliveredToken(outboxId: string, notToken?: string): Promise<string> {
    return eventually(
      async () => {
        const [{ status }] = await dataSource.query(`SELECT status FROM outbox_messages WHERE id = $1`, [outboxId]);
        if (status !== 'sent') return null;
        const parsed = await simpleParser(await readFile(join(process.env.MAIL_DIRECTORY!, `${outboxId}.eml`)));
        return /token=([A-Za-z0-9_-]{43})/.exec(parsed.text ?? '')?.[1] ?? null;
      },
      (token) => token !== null && token !== notToken,
    ) as Promise<string>;
  }

  /** Everything an officer can read about an email: the JSON list and view, the .eml download and the web page. */
  async function whatAnOfficerSees(outboxId: string, template: string): Promise<string> {
    const list = await http().get('/api/officer/emails').query({ template, pageSize: 100 }).set(officerAuth).expect(200);
    const view = await http().get(`/api/officer/emails/${outboxId}`).set(officerAuth).expect(200);
    const eml = await http().get(`/api/officer/emails/${outboxId}/eml`).set(officerAuth).buffer(true).parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
    expect(eml.status).toBe(200);
    const parsedEml = await simpleParser(eml.body as Buffer);
    const page = await http().get('/officer/emails').set('cookie', officerCookie).expect(200);
    return [JSON.stringify(list.body), JSON.stringify(view.body), (eml.body as Buffer).toString('utf8'), parsedEml.text, parsedEml.html, page.text].join('\n');
  }

  async function registerCompany(): Promise<{ email: string; body: Record<string, unknown> }> {
    const body = registrationBody();
    await http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body).expect((response) => expect(response.status).toBeLessThan(300));
    return { email: (body.contact as { email: string }).email, body };
  }

  async function verifiedCompany(): Promise<string> {
    const { email } = await registerCompany();
    const verification = await newestEmail('company_email_verification', email);
    const token = await deliveredToken(verification.id);
    await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(201);
    return email;
  }

  async function signInLink(email: string): Promise<{ id: string; token: string }> {
    const before = (await dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'company_magic_link' AND recipient = $1`, [email]))[0].n;
    await http().post('/api/companies/login-link').set('x-forwarded-for', clientAddress()).send({ email }).expect(202);
    await eventually(
      async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'company_magic_link' AND recipient = $1`, [email]))[0].n,
      (count) => count > before,
    );
    const message = await newestEmail('company_magic_link', email);
    return { id: message.id, token: await deliveredToken(message.id) };
  }

  /** As the worker leaves a message whose recipient the server refused. */
  async function failed(outboxId: string): Promise<void> {
    await dataSource.query(`UPDATE outbox_messages SET status = 'failed', failed_at = now(), last_error = '550 mailbox unavailable' WHERE id = $1`, [outboxId]);
    await dataSource.query(`UPDATE outbox_recipients SET state = 'refused', accepted_at = NULL, smtp_response = '550 mailbox unavailable' WHERE outbox_id = $1`, [outboxId]);
  }

  const signIn = (token: string) => http().post('/api/companies/session').set('x-forwarded-for', clientAddress()).set('origin', PUBLIC_ORIGIN).send({ token });

  it('an officer cannot obtain an administrator invitation link through any officer route', async () => {
    await http().post('/api/admin/officers').set(adminAuth).send({ email: 'second.admin@bad-homburg.de', displayName: 'Second Admin', citySlug: 'bad-homburg', role: 'admin' }).expect(201);
    const invitation = await newestEmail('officer_invitation', 'second.admin@bad-homburg.de');
    const token = await deliveredToken(invitation.id);

    expect(JSON.stringify(invitation.payload)).not.toContain(token);
    const seen = await whatAnOfficerSees(invitation.id, 'officer_invitation');
    expect(seen).not.toContain(token);
    expect(seen).toContain('link withheld');
    const view = await http().get(`/api/officer/emails/${invitation.id}`).set(officerAuth).expect(200);
    expect(view.body).toMatchObject({ template: 'officer_invitation', status: 'sent', linkWithheld: true });

    // The recipient's own link works.
    await http().post('/api/auth/password').set('x-forwarded-for', clientAddress()).send({ token, password: 'a long and new password' }).expect(204);
  });

  it('an officer cannot obtain a verification link or a company sign-in link through any officer route', async () => {
    const { email } = await registerCompany();
    const verification = await newestEmail('company_email_verification', email);
    const verificationToken = await deliveredToken(verification.id);
    expect(await whatAnOfficerSees(verification.id, 'company_email_verification')).not.toContain(verificationToken);
    await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token: verificationToken }).expect(201);

    const link = await signInLink(email);
    expect(JSON.stringify((await newestEmail('company_magic_link', email)).payload)).not.toContain(link.token);
    expect(await whatAnOfficerSees(link.id, 'company_magic_link')).not.toContain(link.token);
    await signIn(link.token).expect(200);
  });

  it('refuses to send a token-bearing email to another address, and changes nothing', async () => {
    const email = await verifiedCompany();
    const link = await signInLink(email);
    await failed(link.id);

    const refused = await http().post(`/api/officer/emails/${link.id}/retry`).set(officerAuth).send({ recipient: 'attacker@evil.example' }).expect(422);
    expect(refused.body).toMatchObject({ field: 'recipient' });
    const [{ id: recipientId }] = await dataSource.query(`SELECT id FROM outbox_recipients WHERE outbox_id = $1`, [link.id]);
    const oneRecipient = await http().post(`/api/officer/emails/${link.id}/recipients/${recipientId}/retry`).set(officerAuth).send({ address: 'attacker@evil.example' }).expect(422);
    expect(oneRecipient.body).toMatchObject({ field: 'address' });
    const [row] = await dataSource.query(`SELECT status, recipient FROM outbox_messages WHERE id = $1`, [link.id]);
    expect(row).toEqual({ status: 'failed', recipient: email });
    expect(await dataSource.query(`SELECT address FROM outbox_recipients WHERE outbox_id = $1`, [link.id])).toEqual([{ address: email }]);

    // The web form says the same.
    const page = await http().post(`/officer/emails/${link.id}/retry`).set('cookie', officerCookie).set('origin', PUBLIC_ORIGIN).type('form').send({ recipient: 'attacker@evil.example' });
    expect(page.status).toBe(422);
    expect((await dataSource.query(`SELECT recipient FROM outbox_messages WHERE id = $1`, [link.id]))[0].recipient).toBe(email);
  });

  it('a retried sign-in email carries a fresh link to the same address; the earlier link no longer works', async () => {
    const email = await verifiedCompany();
    const first = await signInLink(email);
    // As a worker leaves it that stopped after handing the message over: the recipient's answer never came.
    await dataSource.query(`UPDATE outbox_messages SET status = 'unconfirmed', last_error = 'The worker stopped while sending' WHERE id = $1`, [first.id]);
    await dataSource.query(`UPDATE outbox_recipients SET state = 'pending', accepted_at = NULL WHERE outbox_id = $1`, [first.id]);

    await http().post(`/api/officer/emails/${first.id}/retry`).set(officerAuth).send({}).expect(202);
    const fresh = await deliveredToken(first.id, first.token);
    expect(fresh).not.toBe(first.token);
    expect((await dataSource.query(`SELECT recipient FROM outbox_messages WHERE id = $1`, [first.id]))[0].recipient).toBe(email);

    await signIn(first.token).expect(422);
    const signedIn = await signIn(fresh).expect(200);
    const company = await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: email });
    expect(signedIn.body.principal).toMatchObject({ type: 'company', companyId: company.id });
  });

  it('an address confirmation link is withheld from officers too, and a retry sends a fresh one to the same address only', async () => {
    const company = await createActiveCompany(app);
    const newAddress = `new.address.${Date.now()}@hartmann.example`;
    const body = registrationBody({ legalName: company.legalName, contact: { name: company.contactName, email: newAddress } });
    delete (body as Record<string, unknown>).consent;
    await http().put(`/api/companies/${company.id}/profile`).set(await companyAuth(app, company.id)).send(body).expect(200);
    const confirmation = await newestEmail('company_email_change', newAddress);
    const token = await deliveredToken(confirmation.id);

    const seen = await whatAnOfficerSees(confirmation.id, 'company_email_change');
    expect(seen).not.toContain(token);
    expect(seen).toContain('link withheld');

    await failed(confirmation.id);
    const refused = await http().post(`/api/officer/emails/${confirmation.id}/retry`).set(officerAuth).send({ recipient: 'attacker@evil.example' }).expect(422);
    expect(refused.body).toMatchObject({ field: 'recipient' });
    await http().post(`/api/officer/emails/${confirmation.id}/retry`).set(officerAuth).send({}).expect(202);
    const fresh = await deliveredToken(confirmation.id, token);
    expect((await dataSource.query(`SELECT recipient FROM outbox_messages WHERE id = $1`, [confirmation.id]))[0].recipient).toBe(newAddress);
    await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token }).expect(422);
    await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token: fresh }).expect(201);
  });
  it.each([
    ['the whole email', (id: string) => `/api/officer/emails/${id}/retry`],
    ['its one recipient', (id: string, recipientId: string) => `/api/officer/emails/${id}/recipients/${recipientId}/retry`],
  ])('retrying %s of a failed sign-in email after the company moved its login address sends a fresh link to its address of today, never to the one it left', async (_case, route) => {
    const email = await verifiedCompany();
    const company = await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: email });
    const first = await signInLink(email);
    await failed(first.id);
    const [{ id: recipientId }] = await dataSource.query(`SELECT id FROM outbox_recipients WHERE outbox_id = $1`, [first.id]);

    const moved = `moved.${Date.now()}@hartmann.example`;
    const body = registrationBody({ legalName: company.legalName, contact: { name: company.contactName, email: moved } });
    delete (body as Record<string, unknown>).consent;
    await http().put(`/api/companies/${company.id}/profile`).set(await companyAuth(app, company.id)).send(body).expect(200);
    const confirmation = await newestEmail('company_email_change', moved);
    await http().post('/api/companies/email-change').set('x-forwarded-for', clientAddress()).send({ token: await deliveredToken(confirmation.id) }).expect(201);

    await http().post(route(first.id, recipientId)).set(officerAuth).send({}).expect(202);
    const fresh = await deliveredToken(first.id, first.token);
    expect(await dataSource.query(`SELECT recipient FROM outbox_messages WHERE id = $1`, [first.id])).toEqual([{ recipient: moved }]);
    expect(await dataSource.query(`SELECT address, state FROM outbox_recipients WHERE outbox_id = $1`, [first.id])).toEqual([{ address: moved, state: 'accepted' }]);
    const written = await simpleParser(await readFile(join(process.env.MAIL_DIRECTORY!, `${first.id}.eml`)));
    expect(written.to).toMatchObject({ text: moved });
    await signIn(first.token).expect(422);
    const signedIn = await signIn(fresh).expect(200);
    expect(signedIn.body.principal).toMatchObject({ type: 'company', companyId: company.id });
  });
});
