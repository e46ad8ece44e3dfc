import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { IntroductionProgressService } from '../../src/match-requests/introduction-progress.service';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { ResponseLinks } from '../../src/match-requests/response-links.service';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const DAY_MS = 24 * 3_600_000;
const MESSAGE = 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina. Mit freundlichen Grüßen, Julia Hartmann';
const OPEN_STATES = ['pending_review', 'pending_partner_office', 'approved', 'introduced', 'accepted'] as const;

describe('Erasure closes every open thread (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    for (const slug of ['bad-homburg', 'foshan']) await setOfficeContact(slug);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  /** A partner's answer link to the request, as an introduction email would carry it. */
  async function answerPath(id: string): Promise<string> {
    const links = app.get(ResponseLinks);
    const linkId = await dataSource.transaction(async (manager) => links.issue(manager, await manager.getRepository(MatchRequest).findOneByOrFail({ id })));
    return new URL((await links.urlOf(linkId))!).pathname;
  }

  async function setOfficeContact(slug: string): Promise<void> {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    await dataSource.getRepository(OfficeContact).save({
      cityId: city.id,
      officeName: `Office of ${slug}`,
      email: `office@${slug}.example`,
      preferredLanguage: 'en',
      introductionRouting: IntroductionRouting.CompanyWithOfficeCc,
      approvesIntroductions: false,
    });
  }

  const sme = () => createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } });
  const partnerIn = (slug: string) => createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, slug);

  /** A request in the given state, made through the API and moved on in the database as the steps before it would. */
  async function requestIn(requester: Company, target: Company, state: (typeof OPEN_STATES)[number]): Promise<string> {
    const created = await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201);
    const id = created.body.id as string;
    if (state !== 'pending_review') {
      const introduced = ['introduced', 'accepted'].includes(state);
      await dataSource.query(
        `UPDATE match_requests SET status = $2, home_decided_at = now(), introduced_at = CASE WHEN $3 THEN now() END, respond_by = CASE WHEN $3 THEN now() + interval '20 days' END WHERE id = $1`,
        [id, state, introduced],
      );
    }
    return id;
  }

  const statusOf = async (id: string) => (await dataSource.query(`SELECT status FROM match_requests WHERE id = $1`, [id]))[0].status;
  const row = async (id: string) => (await dataSource.query(`SELECT status, closing_reason, message FROM match_requests WHERE id = $1`, [id]))[0];
  const closedNotices = (id: string) =>
    dataSource.query(`SELECT recipient, status FROM outbox_messages WHERE template = 'match_request_closed' AND payload->>'matchRequestId' = $1 ORDER BY recipient`, [id]);

  it('ends every open request of an erased requester, tells partners and both offices, and nothing answers 500', async () => {
    const requester = await sme();
    const partners = await Promise.all(OPEN_STATES.map(() => partnerIn('foshan')));
    const ids = await Promise.all(OPEN_STATES.map((state, index) => requestIn(requester, partners[index], state)));
    // An introduction that had been written but not sent yet, and a reminder that failed (an officer could retry it).
    await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, payload) VALUES ('match_introduction', 'zh', $1, $2)`, [partners[3].contactEmail, { matchRequestId: ids[3] }]);
    await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, payload, status) VALUES ('match_introduction_reminder', 'zh', $1, $2, 'failed')`, [partners[3].contactEmail, { matchRequestId: ids[3] }]);

    const path = await answerPath(ids[3]);
    await http().delete(`/api/companies/${requester.id}`).set(await companyAuth(app, requester.id)).expect(204);

    expect(await Promise.all(ids.map(statusOf))).toEqual(OPEN_STATES.map(() => 'withdrawn'));
    for (const id of ids) expect(await row(id)).toEqual({ status: 'withdrawn', closing_reason: 'company_erased', message: '—' });
    // Partners who had the introduction are told, and both offices; nobody is written to at an empty address.
    expect((await closedNotices(ids[3])).map((notice: { recipient: string }) => notice.recipient)).toEqual([partners[3].contactEmail, 'office@bad-homburg.example', 'office@foshan.example'].sort());
    expect((await closedNotices(ids[4])).map((notice: { recipient: string }) => notice.recipient)).toContain(partners[4].contactEmail);
    expect((await closedNotices(ids[0])).map((notice: { recipient: string }) => notice.recipient)).toEqual(['office@bad-homburg.example', 'office@foshan.example']);
    const [unsent] = await dataSource.query(`SELECT status, cancel_reason FROM outbox_messages WHERE template = 'match_introduction' AND payload->>'matchRequestId' = $1`, [ids[3]]);
    expect(unsent.status).toBe('cancelled');
    expect(unsent.cancel_reason).toContain('company_erased');
    const [failed] = await dataSource.query(`SELECT status FROM outbox_messages WHERE template = 'match_introduction_reminder' AND payload->>'matchRequestId' = $1`, [ids[3]]);
    expect(failed.status).toBe('cancelled');

    // The officer's queue no longer holds it, and deciding it is a conflict, not a failure.
    const queue = await http().get('/api/officer/match-requests').set(officerAuth).expect(200);
    expect(JSON.stringify(queue.body)).not.toContain(ids[0]);
    const approve = await http().post(`/api/officer/match-requests/${ids[0]}/approve`).set(officerAuth).send({}).expect(409);
    expect(approve.body.status).toBe('withdrawn');

    // The partner's link leads to a clear page, for looking and for answering.
    const page = await http().get(`${path}?lang=en`).expect(410);
    expect(page.text).toContain('This link is no longer valid');
    expect(page.text).not.toContain('name="decision"');
    expect(page.text).not.toContain(MESSAGE);
    await http().post(`${path}?lang=en`).type('form').send({ decision: 'accept', contactName: 'Wang Fang', contactEmail: 'wang.fang@example.cn' }).expect(410);
    await http().post(`${path}?lang=en`).type('form').send({ decision: 'decline' }).expect(410);

    // The deadline job finds nothing of it to remind or expire.
    await expect(app.get(IntroductionProgressService).runDeadlines(new Date(Date.now() + 30 * DAY_MS))).resolves.toBeDefined();
    expect(await statusOf(ids[3])).toBe('withdrawn');
    const nullRecipients = await dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient IS NULL OR recipient = ''`);
    expect(nullRecipients[0].n).toBe(0);
  });

  it('ends an introduction to an erased partner and tells the requester', async () => {
    const [requester, partner] = [await sme(), await partnerIn('foshan')];
    const id = await requestIn(requester, partner, 'introduced');
    const path = await answerPath(id);
    await http().delete(`/api/companies/${partner.id}`).set(officerAuth).expect(204);
    expect(await statusOf(id)).toBe('withdrawn');
    expect(await row(id)).toMatchObject({ status: 'withdrawn', closing_reason: 'company_erased', message: MESSAGE });
    expect((await closedNotices(id)).map((notice: { recipient: string }) => notice.recipient)).toEqual([requester.contactEmail, 'office@bad-homburg.example', 'office@foshan.example'].sort());
    await http().get(path).expect(410);
    // The requester reads why in its list and on its page.
    const auth = await companyAuth(app, requester.id);
    const mine = await http().get('/api/match-requests').set(auth).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ id, status: 'withdrawn', closingReason: 'company_erased' })]);
    const page = await http().get('/companies/match-requests?lang=en').set(auth).expect(200);
    expect(page.text).toContain('One of the two organisations asked for its data to be erased.');
  });

  it('removes the company from emails, their files, sessions, alerts and the audit trail, keeping the acts', async () => {
    const company = await sme();
    const email = company.contactEmail!;
    const session = await companyAuth(app, company.id);
    await dataSource.query(`UPDATE sessions SET ip_address = '203.0.113.7', user_agent = 'Firefox' WHERE company_id = $1`, [company.id]);
    await http().put(`/api/companies/${company.id}/suggestion-alerts`).set(session).send({ enabled: true }).expect(200);
    const [sent] = await dataSource.query(
      `INSERT INTO outbox_messages (template, language, recipient, cc, payload, status, sent_at) VALUES ('company_approved', 'de', $1, $2, $3, 'sent', now()) RETURNING id`,
      [email, ['office@bad-homburg.example'], { legalName: company.legalName, contactName: company.contactName }],
    );
    const [pending] = await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, payload) VALUES ('company_renewal_reminder', 'de', $1, $2) RETURNING id`, [
      email,
      { legalName: company.legalName, contactName: company.contactName },
    ]);
    await dataSource.query(
      `INSERT INTO outbox_recipients (outbox_id, address, role, state, smtp_response, accepted_at) VALUES ($1, $2, 'to', 'accepted', $3, now()), ($1, 'office@bad-homburg.example', 'cc', 'accepted', '250 OK', now())`,
      [sent.id, email, `250 OK ${email}`],
    );
    const directory = resolve(app.get(ConfigService).getOrThrow<string>('MAIL_DIRECTORY'));
    await mkdir(directory, { recursive: true });
    const eml = join(directory, `${sent.id}.eml`);
    await writeFile(eml, `To: ${email}\r\n\r\nHallo ${company.contactName}`);
    await dataSource.query(
      `INSERT INTO audit_entries (actor_type, action, subject_type, subject_id, before, after) VALUES ('partner', 'company.contact_confirmed_by_partner', 'company', $1, $2, $3)`,
      [company.id, { contactName: company.contactName, contactEmail: email }, { contactName: 'Neue Person', contactEmail: 'neu@example.org' }],
    );

    await http().delete(`/api/companies/${company.id}`).set(session).expect(204);

    const outbox = await dataSource.query(`SELECT id, recipient, cc, payload, status FROM outbox_messages WHERE id = ANY($1::uuid[]) ORDER BY template`, [[sent.id, pending.id]]);
    expect(JSON.stringify(outbox)).not.toContain(email);
    expect(JSON.stringify(outbox)).not.toContain(company.contactName!);
    expect(outbox.find((message: { id: string }) => message.id === pending.id).status).toBe('cancelled');
    const recipients = await dataSource.query(`SELECT address FROM outbox_recipients WHERE outbox_id = $1`, [sent.id]);
    expect(recipients).toEqual([{ address: 'office@bad-homburg.example' }]);
    await expect(access(eml)).rejects.toThrow();
    const sessions = await dataSource.query(`SELECT ip_address, user_agent, revoked_at FROM sessions WHERE company_id = $1`, [company.id]);
    expect(sessions).toEqual([{ ip_address: null, user_agent: null, revoked_at: expect.any(Date) }]);
    expect(await dataSource.query(`SELECT * FROM suggestion_alerts WHERE company_id = $1`, [company.id])).toEqual([]);
    const audit = await dataSource.query(`SELECT action, before, after FROM audit_entries WHERE subject_id = $1 ORDER BY id`, [company.id]);
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['company.contact_confirmed_by_partner', 'company.erased']);
    expect(JSON.stringify(audit)).not.toContain(company.contactName!);
    expect(JSON.stringify(audit)).not.toContain('Neue Person');
    // Outside erasure the trail stays append-only.
    await expect(dataSource.query(`UPDATE audit_entries SET after = '{}' WHERE subject_id = $1`, [company.id])).rejects.toThrow(/append-only/);
  });

  it('expires the other introductions when one due row cannot be handled', async () => {
    const requester = await sme();
    // Taizhou has no office contact: its expiry notice cannot be written, and that must not hold up Foshan's.
    const [good, bad] = [await partnerIn('foshan'), await partnerIn('taizhou')];
    const goodId = await requestIn(requester, good, 'introduced');
    const badId = await requestIn(requester, bad, 'introduced');
    await dataSource.query(`UPDATE match_requests SET respond_by = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`, [[goodId, badId]]);
    await app.get(IntroductionProgressService).runDeadlines(new Date());
    expect(await statusOf(goodId)).toBe('expired');
    expect(await statusOf(badId)).toBe('introduced');
  });
});
