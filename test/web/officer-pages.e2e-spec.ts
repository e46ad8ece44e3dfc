import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService } from '../../src/auth/auth.service';
import { SessionService } from '../../src/auth/session.service';
import { currentTotpStep, totpAt } from '../../src/auth/totp';
import { OfficerNotificationMode, User } from '../../src/auth/user.entity';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { IMPORT_COLUMNS } from '../../src/companies/company-csv';
import { CompanyImportService } from '../../src/companies/company-import.service';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { UserRole } from '../../src/common/principal';
import { OutboxMessage, OutboxStatus } from '../../src/mail/outbox-message.entity';
import { OutboxRecipient, RecipientRole, RecipientState } from '../../src/mail/outbox-recipient.entity';
import { MatchRequestStatsService } from '../../src/match-requests/match-request-stats.service';
import { toOfficerMatchRequestResponse } from '../../src/match-requests/dto/match-request.response';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { clientAddress, PUBLIC_ORIGIN, sessionCookieFor } from '../utils/http-client';
import { lastOutboxMessage, tokenFromLink } from '../utils/outbox';
import { createTestApp } from '../utils/test-app';

const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';

describe('Officer pages (e2e, HTML forms)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officer: User;
  let officerCookie: string;
  let adminCookie: string;
  let companyCookie: string;
  let importId: string;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    officer = await createStaffUser(app);
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    officerCookie = await sessionCookieFor(app, officer.email);
    adminCookie = await sessionCookieFor(app, admin.email);
    const company = await createActiveCompany(app);
    companyCookie = `isa_session=${(await app.get(SessionService).create(dataSource.manager, { type: 'company', companyId: company.id }, {})).token}`;
    await setOfficeContact('foshan');
    importId = (await app.get(CompanyImportService).start([IMPORT_COLUMNS.join(';'), partnerRow()].join('\n'), 'seed.csv', { userId: officer.id, role: officer.role, cityId: officer.cityId })).id;
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const page = (path: string, cookie = officerCookie) => http().get(path).set('cookie', cookie);
  const form = (path: string, cookie = officerCookie) => http().post(path).type('form').set('origin', PUBLIC_ORIGIN).set('cookie', cookie);

  async function setOfficeContact(slug: string): Promise<void> {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    await dataSource.getRepository(OfficeContact).save({ cityId: city.id, officeName: `Office of ${slug}`, email: `wirtschaft@${slug}.example`, preferredLanguage: 'en', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  }

  /** A registration through the API, its email confirmed: a profile waiting for review. */
  async function pendingProfile(): Promise<{ id: string; email: string; legalName: string }> {
    const body = registrationBody();
    await http().post('/api/companies').set('x-forwarded-for', clientAddress()).send(body).expect(202);
    const email = (body.contact as { email: string }).email;
    const { id } = await dataSource.getRepository(Company).findOneByOrFail({ contactEmail: email });
    const token = tokenFromLink(await lastOutboxMessage(app, 'company_email_verification', email));
    await http().post('/api/companies/email-verification').set('x-forwarded-for', clientAddress()).send({ token }).expect(201);
    return { id, email, legalName: body.legalName as string };
  }

  /** A company's request for an introduction through the API, waiting for review. */
  async function pendingRequest(partnerCity = 'foshan'): Promise<{ id: string; requester: Company; target: Company }> {
    const requester = await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } });
    const target = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, partnerCity);
    const created = await http()
      .post('/api/match-requests')
      .set(await companyAuth(app, requester.id))
      .send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE })
      .expect(201);
    return { id: created.body.id, requester, target };
  }

  const statusOf = async (id: string) => (await dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).status;

  describe('access', () => {
    const pages = ['/officer', '/officer/companies', '/officer/match-requests', '/officer/emails', '/officer/cities', '/officer/cities/foshan', '/officer/import', '/officer/audit', '/officer/stats', '/officer/notifications', '/officer/officers'];

    it('renders every page for an officer in German and in Chinese (the officers page for an administrator)', async () => {
      for (const path of [...pages, `/officer/import/${importId}`]) {
        const cookie = path === '/officer/officers' ? adminCookie : officerCookie;
        const german = await page(`${path}?lang=de`, cookie);
        expect({ path, status: german.status }).toEqual({ path, status: 200 });
        expect(german.text).toContain('<html lang="de">');
        expect(german.text).toContain('Abmelden');
        const chinese = await page(`${path}?lang=zh`, cookie);
        expect({ path, status: chinese.status }).toEqual({ path, status: 200 });
        expect(chinese.text).toContain('<html lang="zh-Hans">');
        expect(chinese.text).toContain('退出');
      }
      expect((await page('/officer?lang=de')).text).toContain('Profile zur Prüfung: ');
      expect((await page('/officer/stats?lang=zh')).text).toContain('每月申请数');
      expect((await page('/officer/officers?lang=en', adminCookie)).text).toContain('Invite an officer');
    });

    it('sends a visitor without a session to the sign-in page, and back afterwards', async () => {
      for (const path of pages) {
        const response = await http().get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 303 });
        expect(response.headers.location).toBe(`/officer/login?next=${encodeURIComponent(path)}`);
      }
      const refused = await http().post('/officer/companies/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab/approve').type('form').set('origin', PUBLIC_ORIGIN).send({});
      expect(refused.status).toBe(303);
    });

    it('refuses a company session with a page, and the officers page to an officer', async () => {
      for (const path of pages) {
        const response = await page(`${path}?lang=zh`, companyCookie);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
        expect(response.text).toContain('您无权访问此页面。');
      }
      expect((await page('/officer/officers?lang=de')).status).toBe(403);
      const invite = await form('/officer/officers').send({ email: 'not.allowed@bad-homburg.de', displayName: 'Nicht Erlaubt', citySlug: 'bad-homburg', role: 'officer', language: 'de' });
      expect(invite.status).toBe(403);
      expect(await dataSource.getRepository(User).existsBy({ email: 'not.allowed@bad-homburg.de' })).toBe(false);
    });

    it('refuses a form sent from another site with the session cookie', async () => {
      const { id } = await pendingProfile();
      await http().post(`/officer/companies/${id}/approve`).type('form').set('origin', 'https://evil.example').set('cookie', officerCookie).send({}).expect(403);
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id })).status).toBe('pending_review');
    });
  });

  describe('sign-in', () => {
    const login = (fields: Record<string, string>) => http().post('/officer/login').type('form').set('origin', PUBLIC_ORIGIN).set('x-forwarded-for', clientAddress()).send(fields);

    it('signs an officer in with a session cookie and returns to the page asked for; never to another site', async () => {
      const formPage = await http().get('/officer/login?next=%2Fofficer%2Fcompanies&lang=en').expect(200);
      expect(formPage.text).toContain('<label for="password">Password</label>');
      expect(formPage.text).toContain('value="/officer/companies"');
      const signedIn = await login({ email: officer.email.toUpperCase(), password: 'correct horse battery staple', next: '/officer/companies' }).expect(303);
      expect(signedIn.headers.location).toBe('/officer/companies');
      const cookie = ([] as string[]).concat(signedIn.headers['set-cookie']).find((value) => value.startsWith('isa_session='))!;
      expect(cookie).toContain('HttpOnly');
      expect((await page('/officer/companies', cookie.split(';')[0])).status).toBe(200);
      for (const next of ['https://evil.example/officer', '//evil.example/officer', '/companies/area', '/officer\\@evil.example']) {
        expect((await login({ email: officer.email, password: 'correct horse battery staple', next }).expect(303)).headers.location).toBe('/officer');
      }
    });

    it('says only that the sign-in failed, and marks missing fields', async () => {
      const wrong = await login({ email: officer.email, password: 'not the password' }).set('accept-language', 'de').expect(401);
      expect(wrong.text).toContain('E-Mail-Adresse, Passwort oder Code stimmen nicht.');
      expect(wrong.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^isa_session=/)]));
      const empty = await login({ email: '', password: '' }).set('accept-language', 'zh').expect(422);
      expect(empty.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
      expect(empty.text).toContain('请填写此项。');
    });

    it('limits sign-in attempts from one address like the JSON login', async () => {
      const address = clientAddress();
      // A different account each time: the per-account wait does not come into it.
      let account = 0;
      const attempt = () => http().post('/officer/login').type('form').set('origin', PUBLIC_ORIGIN).set('x-forwarded-for', address).set('accept-language', 'de').send({ email: `nobody.${(account += 1)}@bad-homburg.de`, password: 'guess' });
      for (let count = 0; count < 10; count += 1) await attempt().expect(401);
      expect((await attempt().expect(429)).text).toContain('Zu viele Versuche.');
    });

    it('asks for the code of the authenticator app when the second factor is on', async () => {
      const user = await createStaffUser(app);
      const auth = app.get(AuthService);
      const { secret } = await auth.beginTotpSetup(user.id);
      await auth.confirmTotp(user.id, totpAt(secret, currentTotpStep()));
      const withoutCode = await login({ email: user.email, password: 'correct horse battery staple' }).set('accept-language', 'en').expect(401);
      expect(withoutCode.text).toMatch(/id="totpCode"[^>]*aria-invalid="true"/);
      expect(withoutCode.text).toContain('six-digit code from your authenticator app');
      const withCode = await login({ email: user.email, password: 'correct horse battery staple', totpCode: totpAt(secret, currentTotpStep() + 1) }).expect(303);
      expect(withCode.headers.location).toBe('/officer');
    });
  });

  describe('profiles', () => {
    it('shows a waiting profile in full, contact included, and approves it', async () => {
      const profile = await pendingProfile();
      const queue = await page('/officer/companies?lang=de').expect(200);
      expect(queue.text).toContain(profile.legalName);
      expect(queue.text).toContain(profile.email);
      expect(queue.text).toContain('Louisenstraße 12');
      const approved = await form(`/officer/companies/${profile.id}/approve`).send({}).expect(303);
      expect(approved.headers.location).toBe('/officer/companies?done=approved');
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: profile.id })).status).toBe('active');
      expect((await page(approved.headers.location + '&lang=de')).text).toContain('Das Profil ist freigegeben.');
    });

    it('rejects with a reason; without one it shows the error next to the field and changes nothing', async () => {
      const profile = await pendingProfile();
      const missing = await form(`/officer/companies/${profile.id}/reject?lang=de`).send({ reason: '  ' }).expect(422);
      expect(missing.text).toMatch(new RegExp(`id="reason-${profile.id}"[^>]*aria-invalid="true"`));
      expect(missing.text).toContain(`<p class="field-error" id="reason-${profile.id}-error" role="alert">Bitte ausfüllen.</p>`);
      const tooShort = await form(`/officer/companies/${profile.id}/reject?lang=en`).send({ reason: 'No.' }).expect(422);
      expect(tooShort.text).toContain('Too short.');
      expect(tooShort.text).toContain('>No.</textarea>');
      expect((await dataSource.getRepository(Company).findOneByOrFail({ id: profile.id })).status).toBe('pending_review');

      await form(`/officer/companies/${profile.id}/reject`).send({ reason: 'The company is not located in an ISA member city.' }).expect(303);
      const rejected = await dataSource.getRepository(Company).findOneByOrFail({ id: profile.id });
      expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'The company is not located in an ISA member city.' });
      expect(await lastOutboxMessage(app, 'company_rejected', profile.email)).toBeDefined();
    });
  });

  describe('match requests', () => {
    it('shows both profiles, the score with its reasons in the page language, and how long it has waited', async () => {
      const { id, requester, target } = await pendingRequest();
      const german = await page('/officer/match-requests?lang=de&partnerCity=foshan').expect(200);
      expect(german.text).toContain(requester.legalName);
      expect(german.text).toContain(target.legalName);
      expect(german.text).toContain(target.contactEmail!);
      expect(german.text).toContain('Warum es passt');
      expect(german.text).toContain('Wartet seit');
      const chinese = await page('/officer/match-requests?lang=zh&partnerCity=foshan').expect(200);
      expect(chinese.text).toContain('匹配理由');
      const reasons = toOfficerMatchRequestResponse(await dataSource.getRepository(MatchRequest).findOneOrFail({ where: { id }, relations: { requester: { city: true }, target: { city: true } } }), 'zh').reasons;
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(chinese.text).toContain(`<li>${escapeHtml(reason)}</li>`);
      const otherCountry = await page('/officer/match-requests?country=DE').expect(200);
      expect(otherCountry.text).not.toContain(target.legalName);
    });

    it('approves several requests at once, shows the result of each, and queues the introductions', async () => {
      const first = await pendingRequest();
      const second = await pendingRequest();
      const noOffice = await pendingRequest('lanzhou');
      const decided = await form('/officer/match-requests/decisions').send({ ids: [first.id, second.id, noOffice.id], decision: 'approve', note: 'A strong fit.' }).expect(303);
      expect(decided.headers.location).toMatch(/^\/officer\/match-requests\?done=decided&r=/);
      expect(await statusOf(first.id)).toBe('approved');
      expect(await statusOf(second.id)).toBe('approved');
      expect(await statusOf(noOffice.id)).toBe('pending_review');
      const introductions = await dataSource.query(`SELECT payload->>'matchRequestId' AS id, recipient FROM outbox_messages WHERE template = 'match_introduction' AND payload->>'matchRequestId' = ANY($1)`, [[first.id, second.id]]);
      expect(introductions.map((row: { id: string }) => row.id).sort()).toEqual([first.id, second.id].sort());

      const results = await page(`${decided.headers.location}&lang=en`).expect(200);
      expect(results.text).toContain('Your decision has been processed.');
      expect(results.text).toContain(`<strong>${first.requester.legalName} → ${first.target.legalName}</strong>: approved; the introduction is being sent.`);
      expect(results.text).toContain(`<strong>${noOffice.requester.legalName} → ${noOffice.target.legalName}</strong>: not possible: the partner city has no economic development office contact yet.`);
      expect(results.text).toContain('href="/officer/cities/lanzhou"');
    });

    it('refuses a rejection without reason next to the field, keeps the choice and changes nothing', async () => {
      const { id } = await pendingRequest();
      const refused = await form('/officer/match-requests/decisions?lang=de').send({ ids: id, decision: 'reject', reason: '' }).expect(422);
      expect(refused.text).toMatch(/id="reason"[^>]*aria-invalid="true"/);
      expect(refused.text).toContain('<p class="field-error" id="reason-error">Bitte ausfüllen.</p>');
      expect(refused.text).toMatch(new RegExp(`name="ids" value="${id}" form="decide-many" checked`));
      expect(await statusOf(id)).toBe('pending_review');
      const nothingChosen = await form('/officer/match-requests/decisions?lang=en').send({ decision: 'approve' }).expect(422);
      expect(nothingChosen.text).toContain('Please choose at least one request.');

      await form('/officer/match-requests/decisions').send({ ids: id, decision: 'reject', reason: 'The partner is not taking new distributors.' }).expect(303);
      expect(await statusOf(id)).toBe('rejected');
    });

    it('decides a single request with its own form: approves with a note, or rejects only with a reason', async () => {
      const approving = await pendingRequest();
      const approved = await form(`/officer/match-requests/${approving.id}/approve`).send({ note: 'Beide Seiten sind sehr interessiert.', version: '1', partnerCity: 'foshan' }).expect(303);
      expect(approved.headers.location).toBe(`/officer/match-requests?partnerCity=foshan&done=decided&r=${encodeURIComponent(`${approving.id}:approved`)}`);
      expect(await dataSource.getRepository(MatchRequest).findOneByOrFail({ id: approving.id })).toMatchObject({ status: 'approved', officerNote: 'Beide Seiten sind sehr interessiert.' });
      const again = await form(`/officer/match-requests/${approving.id}/approve`).send({ version: '1' }).expect(303);
      expect((await page(`${again.headers.location}&lang=de`)).text).toContain('nicht geändert: die Anfrage hat sich inzwischen geändert und ist jetzt „freigegeben“.');

      const rejecting = await pendingRequest();
      const refused = await form(`/officer/match-requests/${rejecting.id}/reject?lang=zh`).send({ reason: '' }).expect(422);
      expect(refused.text).toMatch(new RegExp(`id="reason-${rejecting.id}"[^>]*aria-invalid="true"`));
      expect(refused.text).toContain(`<p class="field-error" id="reason-${rejecting.id}-error" role="alert">请填写此项。</p>`);
      expect(await statusOf(rejecting.id)).toBe('pending_review');
      await form(`/officer/match-requests/${rejecting.id}/reject`).send({ reason: 'The partner is not taking new distributors.' }).expect(303);
      expect(await statusOf(rejecting.id)).toBe('rejected');
    });
  });

  describe('emails', () => {
    async function failedEmail(): Promise<string> {
      const saved = await dataSource.getRepository(OutboxMessage).save({
        template: 'company_approved',
        language: 'de',
        recipient: 'julia@hartmann.exmaple',
        payload: {},
        status: OutboxStatus.Failed,
        attempts: 8,
        lastError: '550 5.1.1 <julia@hartmann.exmaple>: Recipient address rejected',
        failedAt: new Date(),
      });
      return saved.id;
    }

    it('lists a failed email first with its error, and sends it again to a corrected address', async () => {
      const id = await failedEmail();
      const list = await page('/officer/emails?lang=de').expect(200);
      expect(list.text.indexOf(id)).toBeGreaterThan(-1);
      expect(list.text).toContain('Recipient address rejected');
      const bad = await form(`/officer/emails/${id}/retry?lang=en`).send({ recipient: 'not an address' }).expect(422);
      expect(bad.text).toMatch(new RegExp(`id="recipient-${id}"[^>]*value="not an address"[^>]*aria-invalid="true"`));
      expect(bad.text).toContain('Please enter a valid email address.');

      const retried = await form(`/officer/emails/${id}/retry`).send({ recipient: 'Julia@Hartmann.example' }).expect(303);
      expect(retried.headers.location).toBe('/officer/emails?done=retried');
      const message = await dataSource.getRepository(OutboxMessage).findOneByOrFail({ id });
      expect(message).toMatchObject({ status: expect.stringMatching(/^(pending|sending|sent)$/), recipient: 'julia@hartmann.example' });
    });

    it('shows each recipient with the server’s answer, and sends again to the refused one only, to a corrected address', async () => {
      const id = await failedEmail();
      await dataSource.getRepository(OutboxMessage).update(id, { cc: ['wirtschaft@foshan.example'] });
      await dataSource.getRepository(OutboxRecipient).save([
        { outboxId: id, address: 'julia@hartmann.exmaple', role: RecipientRole.To, state: RecipientState.Refused, smtpResponse: '550 5.1.1 User unknown', attempts: 1 },
        { outboxId: id, address: 'wirtschaft@foshan.example', role: RecipientRole.Cc, state: RecipientState.Accepted, smtpResponse: '250 OK', attempts: 1, acceptedAt: new Date() },
      ]);
      const [to, cc] = await Promise.all([
        dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: id, role: RecipientRole.To }),
        dataSource.getRepository(OutboxRecipient).findOneByOrFail({ outboxId: id, role: RecipientRole.Cc }),
      ]);
      const list = await page('/officer/emails?lang=en').expect(200);
      expect(list.text).toContain('550 5.1.1 User unknown');
      expect(list.text).toContain(`/officer/emails/${id}/recipients/${to.id}/retry`);
      expect(list.text).not.toContain(`/officer/emails/${id}/recipients/${cc.id}/retry`);

      const bad = await form(`/officer/emails/${id}/recipients/${to.id}/retry?lang=en`).send({ address: 'not an address' }).expect(422);
      expect(bad.text).toMatch(new RegExp(`id="address-${to.id}"[^>]*value="not an address"[^>]*aria-invalid="true"`));
      expect(bad.text).toContain('Please enter a valid email address.');
      const retried = await form(`/officer/emails/${id}/recipients/${to.id}/retry`).send({ address: 'Julia@Hartmann.example' }).expect(303);
      expect(retried.headers.location).toBe('/officer/emails?done=retried');
      expect(await dataSource.getRepository(OutboxRecipient).findOneByOrFail({ id: to.id })).toMatchObject({ address: 'julia@hartmann.example', state: expect.stringMatching(/^(pending|accepted|refused|deferred)$/) });
      expect(await dataSource.getRepository(OutboxRecipient).findOneByOrFail({ id: cc.id })).toMatchObject({ state: 'accepted', attempts: 1 });
      expect(await dataSource.getRepository(OutboxMessage).findOneByOrFail({ id })).toMatchObject({ recipient: 'julia@hartmann.example' });
    });

    it('confirms an unconfirmed email as delivered', async () => {
      const id = await failedEmail();
      await dataSource.getRepository(OutboxMessage).update(id, { status: OutboxStatus.Unconfirmed });
      await form(`/officer/emails/${id}/confirm-delivered`).send({}).expect(303);
      expect((await dataSource.getRepository(OutboxMessage).findOneByOrFail({ id })).status).toBe('sent');
    });
  });

  describe('member cities', () => {
    it('edits an office contact and its routing; a bad address is shown next to the field', async () => {
      const bad = await form('/officer/cities/koeln?lang=de').send({ officeName: 'Amt für Wirtschaftsförderung', email: 'kein-email', preferredLanguage: 'de', introductionRouting: 'via_office' }).expect(422);
      expect(bad.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
      expect(bad.text).toContain('Bitte eine gültige E-Mail-Adresse angeben.');
      expect(bad.text).toContain('value="Amt für Wirtschaftsförderung"');

      const saved = await form('/officer/cities/koeln').send({
        officeName: 'Amt für Wirtschaftsförderung der Stadt Köln',
        contactPerson: 'Dr. Maria Schmidt',
        email: 'Wirtschaft@Stadt-Koeln.de',
        phone: '+49 221 221-0',
        preferredLanguage: 'de',
        introductionRouting: 'via_office',
        approvesIntroductions: 'true',
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe('/officer/cities?done=saved');
      const city = await dataSource.getRepository(City).findOneByOrFail({ slug: 'koeln' });
      expect(await dataSource.getRepository(OfficeContact).findOneByOrFail({ cityId: city.id })).toMatchObject({
        officeName: 'Amt für Wirtschaftsförderung der Stadt Köln',
        contactPerson: 'Dr. Maria Schmidt',
        email: 'wirtschaft@stadt-koeln.de',
        introductionRouting: 'via_office',
        approvesIntroductions: true,
      });
      const list = await page('/officer/cities?done=saved&lang=en').expect(200);
      expect(list.text).toContain('The contact is saved.');
      expect(list.text).toContain('Through the office');
    });
  });

  describe('officers', () => {
    it('lets an administrator invite an officer, who is sent the invitation, and disable and enable the account', async () => {
      const invited = await form('/officer/officers', adminCookie).send({ email: 'Lena.Koch@Bad-Homburg.de', displayName: 'Lena Koch', citySlug: 'bad-homburg', role: 'officer', language: 'en' }).expect(303);
      expect(invited.headers.location).toBe('/officer/officers?done=invited');
      const user = await dataSource.getRepository(User).findOneByOrFail({ email: 'lena.koch@bad-homburg.de' });
      expect(user).toMatchObject({ displayName: 'Lena Koch', role: 'officer' });
      expect(await lastOutboxMessage(app, 'officer_invitation', 'lena.koch@bad-homburg.de')).toMatchObject({ language: 'en' });

      const again = await form('/officer/officers?lang=en', adminCookie).send({ email: 'lena.koch@bad-homburg.de', displayName: 'Lena Koch', citySlug: 'bad-homburg', role: 'officer', language: 'en' }).expect(422);
      expect(again.text).toContain('An account with this address exists already.');
      await form(`/officer/officers/${user.id}`, adminCookie).send({ disabled: 'true' }).expect(303);
      expect((await dataSource.getRepository(User).findOneByOrFail({ id: user.id })).disabledAt).not.toBeNull();
      await form(`/officer/officers/${user.id}`, adminCookie).send({ disabled: 'false' }).expect(303);
      expect((await dataSource.getRepository(User).findOneByOrFail({ id: user.id })).disabledAt).toBeNull();
    });

    it('lets the invited officer set a password through the link, once, and sign in with it', async () => {
      await form('/officer/officers', adminCookie).send({ email: 'jonas.berg@bad-homburg.de', displayName: 'Jonas Berg', citySlug: 'bad-homburg', role: 'officer', language: 'de' }).expect(303);
      const link = new URL(String((await lastOutboxMessage(app, 'officer_invitation', 'jonas.berg@bad-homburg.de'))!.secretLink));
      expect(link.pathname).toBe('/auth/set-password');
      const token = link.searchParams.get('token')!;
      const page = await http().get(`${link.pathname}${link.search}&lang=de`).expect(200);
      expect(page.text).toContain(`value="${token}"`);
      const mismatch = await form('/auth/set-password?lang=de').send({ token, password: 'ein langes Passwort 2026', confirm: 'ein anderes Passwort' }).expect(422);
      expect(mismatch.text).toContain('Die beiden Eingaben stimmen nicht überein.');
      const done = await form('/auth/set-password?lang=de').send({ token, password: 'ein langes Passwort 2026', confirm: 'ein langes Passwort 2026' }).expect(200);
      expect(done.text).toContain('Ihr Passwort ist gesetzt.');
      await sessionCookieFor(app, 'jonas.berg@bad-homburg.de', 'ein langes Passwort 2026');
      const reused = await form('/auth/set-password?lang=en').send({ token, password: 'another long password', confirm: 'another long password' }).expect(422);
      expect(reused.text).toContain('This link is invalid, expired or already used.');
    });
  });

  describe('import', () => {
    it('starts an import from pasted CSV and shows its progress, then the result of each row', async () => {
      const empty = await form('/officer/import?lang=de').send({ csv: '', fileName: 'partners.csv' }).expect(422);
      expect(empty.text).toMatch(/id="csv"[^>]*aria-invalid="true"/);
      const malformed = await form('/officer/import?lang=en').send({ csv: 'legal_name;street\nX;Y', fileName: 'partners.csv' }).expect(422);
      expect(malformed.text).toContain('The file does not have the expected form.');

      const started = await form('/officer/import').send({ csv: [IMPORT_COLUMNS.join(';'), partnerRow(), partnerRow('Shenzhen Nanshan')].join('\r\n'), fileName: 'foshan partners.csv' }).expect(303);
      const id = started.headers.location.match(/^\/officer\/import\/([0-9a-f-]{36})\?done=started$/)![1];
      const waiting = await page(`/officer/import/${id}?lang=en`).expect(200);
      expect(waiting.text).toContain('<meta http-equiv="refresh" content="2">');
      expect(waiting.text).toMatch(/<progress id="import-progress" max="2" value="0">/);

      await app.get(CompanyImportService).process(id);
      const finished = await page(`/officer/import/${id}?lang=en`).expect(200);
      expect(finished.text).not.toContain('http-equiv="refresh"');
      expect(finished.text).toContain('1 taken over, 1 refused, of 2');
      expect(finished.text).toContain('Shenzhen Nanshan is not in any ISA member city.');
    });
  });

  describe('audit log and statistics', () => {
    it('lists the audit log newest first with filters, and links the CSV export of the same selection', async () => {
      const { id } = await pendingProfile();
      await form(`/officer/companies/${id}/approve`).send({}).expect(303);
      const filtered = await page(`/officer/audit?lang=de&action=company.approved&subjectId=${id}`).expect(200);
      expect(filtered.text).toContain('company.approved');
      expect(filtered.text).toContain(officer.displayName);
      expect(filtered.text).toContain(`href="${escapeHtml(`/api/officer/audit/export.csv?action=company.approved&subjectId=${id}`)}"`);
      const bad = await page('/officer/audit?lang=en&actorId=nobody&from=2026-02-31').expect(422);
      expect(bad.text).toMatch(/id="actorId"[^>]*aria-invalid="true"/);
      expect(bad.text).toContain('Please enter a date such as 2026-01-31.');
    });

    it('counts requests per month, and draws the statistics as inline SVG with a CSV link', async () => {
      const stats = app.get(MatchRequestStatsService);
      const { id } = await pendingRequest();
      await dataSource.query(`UPDATE match_requests SET created_at = '2026-03-10T10:00:00Z' WHERE id = $1`, [id]);
      const reviewer = { userId: officer.id, role: UserRole.Officer, cityId: officer.cityId };
      const series = await stats.monthly(reviewer, { from: new Date('2026-01-01T00:00:00+01:00'), to: new Date('2026-05-01T00:00:00+02:00') }, 'Europe/Berlin');
      expect(series.map((month) => month.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
      expect(series.find((month) => month.month === '2026-03')).toEqual({ month: '2026-03', total: 1, accepted: 0 });

      const pageText = (await page('/officer/stats?lang=en&from=2026-01-01&to=2026-04-30').expect(200)).text;
      expect(pageText).toContain('<svg class="chart"');
      expect(pageText).toMatch(/<th scope="row">Foshan<\/th><td>\S+<\/td><td>1<\/td>/);
      expect(pageText).toContain(`href="${escapeHtml('/api/officer/stats.csv?from=2025-12-31T23%3A00%3A00.000Z&to=2026-04-30T22%3A00%3A00.000Z')}"`);
      const reversed = await page('/officer/stats?lang=de&from=2026-05-01&to=2026-01-01').expect(422);
      expect(reversed.text).toContain('Der Beginn muss vor dem Ende liegen.');
    });
  });

  it('saves the officer’s own notification mode', async () => {
    const saved = await form('/officer/notifications').send({ mode: 'daily' }).expect(303);
    expect(saved.headers.location).toBe('/officer/notifications?done=saved');
    expect((await dataSource.getRepository(User).findOneByOrFail({ id: officer.id })).notificationMode).toBe(OfficerNotificationMode.Daily);
    expect((await page('/officer/notifications?lang=de&done=saved')).text).toMatch(/value="daily"[^>]*checked/);
    await form('/officer/notifications').send({ mode: 'hourly' }).expect(422);
  });
});

/** One line of an import file: a Foshan company, or one in the named municipality. */
function partnerRow(municipality = '佛山'): string {
  const unique = Math.random().toString(36).slice(2, 8);
  const values: Record<string, string> = {
    legal_name: `Foshan Precision ${unique} Co., Ltd.`,
    organisation_type: 'company',
    street: '季华五路 8号',
    postcode: '528000',
    municipality,
    staff_headcount: '120',
    sectors: '28.41|25.62',
    offers_types: 'manufacturing|supplier',
    offers_text: '精密数控加工',
    languages: 'zh|en',
    preferred_language: 'zh',
    contact_name: '王丽',
    contact_email: `wang.${unique}@foshan-precision.example`,
    privacy_policy_version: '2026-11',
    transfer_basis: 'standard_contract',
  };
  return IMPORT_COLUMNS.map((column) => (/[;,"]/.test(values[column] ?? '') ? `"${values[column].replace(/"/g, '""')}"` : (values[column] ?? ''))).join(';');
}

/** What Handlebars makes of a text in a page. */
function escapeHtml(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
  return text.replace(/[&<>"'`=]/g, (character) => entities[character]);
}
