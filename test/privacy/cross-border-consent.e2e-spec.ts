import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { UserRole } from '../../src/common/principal';
import { Company } from '../../src/companies/company.entity';
import { CHINA_TRANSFER_CONSENT_VERSION } from '../../src/companies/consent-terms';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { OfficerDigestService } from '../../src/match-requests/officer-digest.service';
import { ResponseLinks } from '../../src/match-requests/response-links.service';
import { createActiveCompany, CrossBorderOptions } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';

describe('The China-transfer consent decides what crosses the border (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let adminAuth: { authorization: string };
  let chineseOfficerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const [officer, admin, chineseOfficer] = [await createStaffUser(app), await createStaffUser(app, { role: UserRole.Admin }), await createStaffUser(app, { citySlug: 'foshan' })];
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    adminAuth = { authorization: `Bearer ${await bearerTokenFor(app, admin.email)}` };
    chineseOfficerAuth = { authorization: `Bearer ${await bearerTokenFor(app, chineseOfficer.email)}` };
    for (const slug of ['bad-homburg', 'foshan', 'aachen']) await setOfficeContact(slug);
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

  async function setOfficeContact(slug: string, approves = false): Promise<void> {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    await dataSource.getRepository(OfficeContact).save({
      cityId: city.id,
      officeName: `Office of ${slug}`,
      email: `office@${slug}.example`,
      preferredLanguage: 'en',
      introductionRouting: IntroductionRouting.CompanyWithOfficeCc,
      approvesIntroductions: approves,
    });
  }

  const sme = (crossBorder: CrossBorderOptions = {}) =>
    createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' }, targetMarkets: { countries: ['CN', 'DE'], regions: [], cities: [] } }, undefined, crossBorder);
  const partnerIn = (slug: string, crossBorder: CrossBorderOptions = {}) =>
    createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, seeks: { types: [CooperationType.Supplier], text: 'Sensor supplier' }, targetMarkets: { countries: ['DE'], regions: [], cities: [] }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, slug, crossBorder);

  const ask = async (requester: Company, target: Company, expected: number) =>
    http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(expected);
  const suggestedIds = async (company: Company) => {
    const response = await http().get(`/api/companies/${company.id}/suggestions?limit=50`).set(await companyAuth(app, company.id)).expect(200);
    return { ids: response.body.items.map((item: { company: { id: string } }) => item.company.id) as string[], crossBorder: response.body.crossBorder };
  };
  const statusOf = async (id: string) => (await dataSource.query(`SELECT status FROM match_requests WHERE id = $1`, [id]))[0].status;

  describe('without the consent', () => {
    it('suggests no partners in China, says why with the link, and is not suggested to Chinese companies', async () => {
      const [withheld, consenting, chinese] = [await sme({ chinaTransferConsent: false }), await sme(), await partnerIn('foshan')];
      const own = await suggestedIds(withheld);
      expect(own.ids).not.toContain(chinese.id);
      expect(own.crossBorder).toMatchObject({ code: 'china_transfer_consent_required', consentLink: '/companies/area#china-transfer' });
      expect(own.crossBorder.message).toContain('Give the consent to see partners in China');
      expect((await suggestedIds(consenting)).ids).toContain(chinese.id);
      expect((await suggestedIds(consenting)).crossBorder).toBeNull();
      const theirs = await suggestedIds(chinese);
      expect(theirs.ids).toContain(consenting.id);
      expect(theirs.ids).not.toContain(withheld.id);

      // Once given, both directions open.
      await http().put(`/api/companies/${withheld.id}/consents/china-transfer`).set(await companyAuth(app, withheld.id)).send({ version: CHINA_TRANSFER_CONSENT_VERSION }).expect(204);
      expect((await suggestedIds(withheld)).ids).toContain(chinese.id);
      expect((await suggestedIds(chinese)).ids).toContain(withheld.id);
    });

    it('cannot ask for, be proposed for or be approved for an introduction to China (422 naming the consent)', async () => {
      const [withheld, chinese, german] = [await sme({ chinaTransferConsent: false }), await partnerIn('foshan'), await partnerIn('aachen')];
      const refused = await ask(withheld, chinese, 422);
      expect(refused.body).toMatchObject({ code: 'china_transfer_consent_required', consentLink: '/companies/area#china-transfer', consentRoute: `PUT /api/companies/${withheld.id}/consents/china-transfer` });
      expect(refused.body.errors[0].field).toBe('requesterCompanyId');
      // Within Germany nothing changes.
      await ask(withheld, german, 201);
      const proposed = await http()
        .post('/api/officer/match-requests')
        .set(officerAuth)
        .send({ requesterCompanyId: withheld.id, targetCompanyId: (await partnerIn('foshan')).id, purpose: 'distribution', message: MESSAGE })
        .expect(422);
      expect(proposed.body.code).toBe('china_transfer_consent_required');
      // A Chinese company cannot ask for it either.
      const reverse = await http().post('/api/match-requests').set(await companyAuth(app, chinese.id)).send({ targetCompanyId: withheld.id, purpose: 'distribution', message: MESSAGE }).expect(422);
      expect(reverse.body).toMatchObject({ code: 'china_transfer_consent_required', companyId: withheld.id });
      expect(await dataSource.query(`SELECT id FROM match_requests WHERE requester_company_id = $1 AND target_company_id = $2`, [withheld.id, chinese.id])).toEqual([]);
    });

    it('is not approved by the home office or the partner office once the consent is no longer current', async () => {
      const [requester, chinese, other] = [await sme(), await partnerIn('foshan'), await partnerIn('foshan')];
      const first = (await ask(requester, chinese, 201)).body.id as string;
      const second = (await ask(requester, other, 201)).body.id as string;
      await dataSource.query(`UPDATE match_requests SET status = 'pending_partner_office', home_decided_at = now() WHERE id = $1`, [second]);
      // A new version of the consent text: the old consent no longer covers the transfer.
      await dataSource.query(`UPDATE company_consents SET version = '2020-01' WHERE company_id = $1 AND kind = 'china_transfer'`, [requester.id]);
      const home = await http().post(`/api/officer/match-requests/${first}/approve`).set(officerAuth).send({}).expect(422);
      expect(home.body.code).toBe('china_transfer_consent_required');
      const partnerOffice = await http().post(`/api/officer/match-requests/${second}/approve`).set(adminAuth).send({}).expect(422);
      expect(partnerOffice.body.code).toBe('china_transfer_consent_required');
      expect([await statusOf(first), await statusOf(second)]).toEqual(['pending_review', 'pending_partner_office']);
      const introductions = await dataSource.query(`SELECT id FROM outbox_messages WHERE template = 'match_introduction' AND payload->>'matchRequestId' = ANY($1::text[])`, [[first, second]]);
      expect(introductions).toEqual([]);
    });

    it('is invisible to officers of Chinese member cities and to Chinese companies, not to the public', async () => {
      const [withheld, chinese] = [await sme({ chinaTransferConsent: false }), await partnerIn('foshan')];
      const german = await partnerIn('aachen');
      await ask(withheld, german, 201);
      // Refused by the officer scope (a Bad Homburg profile) and by the cross-border rule alike.
      expect([403, 404]).toContain((await http().get(`/api/companies/${withheld.id}/profile`).set(chineseOfficerAuth)).status);
      await http().get(`/api/companies/${withheld.id}/profile`).set(officerAuth).expect(200);

      const chineseSession = await companyAuth(app, chinese.id);
      await http().get(`/api/companies/${withheld.id}`).set(chineseSession).expect(404);
      await http().get(`/api/companies/${withheld.id}`).expect(200);
      const seenFromChina = await http().get(`/api/companies?q=${encodeURIComponent(withheld.legalName)}`).set(chineseSession).expect(200);
      expect(seenFromChina.body.items.map((item: { id: string }) => item.id)).not.toContain(withheld.id);
      const seenByPublic = await http().get(`/api/companies?q=${encodeURIComponent(withheld.legalName)}`).expect(200);
      expect(seenByPublic.body.items.map((item: { id: string }) => item.id)).toContain(withheld.id);
    });

    it('is left out of the daily summary of an officer of a Chinese member city', async () => {
      const [stale, current, chinese, other] = [await sme(), await sme(), await partnerIn('foshan'), await partnerIn('foshan')];
      const hidden = (await ask(stale, chinese, 201)).body.id as string;
      const shown = (await ask(current, other, 201)).body.id as string;
      await dataSource.query(`UPDATE match_requests SET status = 'pending_partner_office', home_decided_at = now() WHERE id = ANY($1::uuid[])`, [[hidden, shown]]);
      // A new version of the consent text: the old consent no longer covers the transfer.
      await dataSource.query(`UPDATE company_consents SET version = '2020-01' WHERE company_id = $1 AND kind = 'china_transfer'`, [stale.id]);
      const reader = await createStaffUser(app, { citySlug: 'foshan' });
      await dataSource.query(`UPDATE users SET notification_mode = 'daily' WHERE id = $1`, [reader.id]);

      await app.get(OfficerDigestService).sendDue();

      const [digest] = await dataSource.query(`SELECT payload FROM outbox_messages WHERE template = 'officer_daily_digest' AND recipient = $1`, [reader.email]);
      expect(JSON.stringify(digest.payload)).toContain(current.legalName);
      expect(JSON.stringify(digest.payload)).not.toContain(stale.legalName);
      expect(JSON.stringify(digest.payload)).not.toContain(hidden);
    });

    it('is not shown on the directory pages to a signed-in Chinese company', async () => {
      const [withheld, chinese] = [await sme({ chinaTransferConsent: false }), await partnerIn('foshan')];
      const token = (await companyAuth(app, chinese.id)).authorization.replace('Bearer ', '');
      const cookie = `isa_session=${token}`;
      const list = await http().get(`/directory?lang=en&q=${encodeURIComponent(withheld.legalName)}`).set('cookie', cookie);
      expect(list.text).not.toContain(`/directory/${withheld.id}`);
      const page = await http().get(`/directory/${withheld.id}?lang=en`).set('cookie', cookie);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(withheld.legalName);
      // The same pages without the session show it.
      expect((await http().get(`/directory?lang=en&q=${encodeURIComponent(withheld.legalName)}`).expect(200)).text).toContain(`/directory/${withheld.id}`);
    });

    it('is not counted in the statistics of an officer of a Chinese member city', async () => {
      const reader = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app, { citySlug: 'foshan' })).email)}` };
      const from = new Date(Date.now() - 60_000).toISOString();
      const before = (await http().get(`/api/officer/stats?from=${from}`).set(reader).expect(200)).body.total as number;
      const [withheld, consenting, chinese] = [await sme({ chinaTransferConsent: false }), await sme(), await partnerIn('foshan')];
      await ask(consenting, chinese, 201);
      // Made before the consent went (a request cannot be made without it), and not ended by a withdrawal: a new version of the text.
      await dataSource.query(`INSERT INTO company_consents (company_id, kind, version) VALUES ($1, 'china_transfer', $2)`, [withheld.id, CHINA_TRANSFER_CONSENT_VERSION]);
      await ask(withheld, await partnerIn('foshan'), 201);
      await dataSource.query(`UPDATE company_consents SET version = '2020-01' WHERE company_id = $1 AND kind = 'china_transfer'`, [withheld.id]);

      const seen = (await http().get(`/api/officer/stats?from=${from}`).set(reader).expect(200)).body;
      expect(seen.total).toBe(before + 1);
      const home = (await http().get(`/api/officer/stats?from=${from}`).set(officerAuth).expect(200)).body;
      expect(home.total).toBeGreaterThanOrEqual(2);
    });

    it('hides the requests of such a company from officers of Chinese member cities', async () => {
      const [requester, chinese] = [await sme(), await partnerIn('foshan')];
      const id = (await ask(requester, chinese, 201)).body.id as string;
      const visible = await http().get('/api/officer/match-requests?pageSize=100').set(chineseOfficerAuth).expect(200);
      expect(JSON.stringify(visible.body)).toContain(id);
      await dataSource.query(`UPDATE company_consents SET withdrawn_at = now() WHERE company_id = $1 AND kind = 'china_transfer'`, [requester.id]);
      const hidden = await http().get('/api/officer/match-requests?pageSize=100').set(chineseOfficerAuth).expect(200);
      expect(JSON.stringify(hidden.body)).not.toContain(id);
      await http().post(`/api/officer/match-requests/${id}/reject`).set(chineseOfficerAuth).send({ reason: 'Not a fit for us at the moment.' }).expect(404);
    });
  });

  it('shows the consent state of both sides on the officer’s request card (API and page)', async () => {
    const [requester, chinese] = [await sme(), await partnerIn('foshan', { transferBasis: 'certification' })];
    const id = (await ask(requester, chinese, 201)).body.id as string;
    const queue = await http().get('/api/officer/match-requests?pageSize=100').set(officerAuth).expect(200);
    const card = queue.body.items.find((item: { id: string }) => item.id === id);
    expect(card.requester.crossBorder).toEqual({ country: 'DE', mayCross: true, chinaTransferConsent: { version: CHINA_TRANSFER_CONSENT_VERSION, givenAt: expect.any(String), current: true }, transferBasis: null });
    expect(card.target.crossBorder).toEqual({ country: 'CN', mayCross: true, chinaTransferConsent: null, transferBasis: 'certification' });
    const page = await http().get('/officer/match-requests?lang=en').set(officerAuth).expect(200);
    expect(page.text).toContain('Transfer Germany–China');
    expect(page.text).toContain(`(version ${CHINA_TRANSFER_CONSENT_VERSION})`);
    expect(page.text).toContain('legal basis: certification (PIPL Art. 38)');
  });

  describe('Chinese companies without a basis for the transfer to Germany', () => {
    it('are neither suggested nor introduced to German companies', async () => {
      const [german, withoutBasis, withBasis] = [await sme(), await partnerIn('foshan', { transferBasis: null }), await partnerIn('foshan', { transferBasis: 'consent' })];
      const { ids } = await suggestedIds(german);
      expect(ids).toContain(withBasis.id);
      expect(ids).not.toContain(withoutBasis.id);
      const refused = await ask(german, withoutBasis, 422);
      expect(refused.body).toMatchObject({ code: 'transfer_basis_required', companyId: withoutBasis.id });
      await dataSource.query(`UPDATE companies SET transfer_basis = 'none' WHERE id = $1`, [withBasis.id]);
      expect((await ask(german, withBasis, 422)).body.code).toBe('transfer_basis_required');
      expect((await suggestedIds(withoutBasis)).crossBorder).toMatchObject({ code: 'transfer_basis_required' });
    });

    it('get their basis recorded by the office, and a lapsed basis ends what is open across the border', async () => {
      const [german, chinese] = [await sme(), await partnerIn('foshan', { transferBasis: null })];
      const setBasis = (auth: { authorization: string }, id: string, basis: unknown) => http().put(`/api/officer/companies/${id}/transfer-basis`).set(auth).send({ basis });
      const otherCityOfficer = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app, { citySlug: 'aachen' })).email)}` };
      await setBasis(otherCityOfficer, chinese.id, 'standard_contract').expect(403);
      const bad = await setBasis(officerAuth, chinese.id, 'handshake').expect(400);
      expect(bad.body.errors[0].field).toBe('basis');
      expect((await setBasis(officerAuth, german.id, 'consent').expect(422)).body.errors[0].field).toBe('basis');
      await setBasis(chineseOfficerAuth, chinese.id, 'standard_contract').expect(200);
      expect((await suggestedIds(german)).ids).toContain(chinese.id);
      const id = (await ask(german, chinese, 201)).body.id as string;
      await setBasis(officerAuth, chinese.id, 'none').expect(200);
      expect(await statusOf(id)).toBe('withdrawn');
      expect((await suggestedIds(german)).ids).not.toContain(chinese.id);
      const audit = await dataSource.query(`SELECT after FROM audit_entries WHERE subject_id = $1 AND action = 'company.transfer_basis_set' ORDER BY id`, [chinese.id]);
      expect(audit.map((entry: { after: { transferBasis: string } }) => entry.after.transferBasis)).toEqual(['standard_contract', 'none']);
    });
  });

  describe('withdrawing the consent', () => {
    it('ends the open requests across the border, cancels their unsent emails, tells requester and offices, and keeps the rest', async () => {
      const requester = await sme();
      const [reviewPartner, introducedPartner, german] = [await partnerIn('foshan'), await partnerIn('foshan'), await partnerIn('aachen')];
      const pending = (await ask(requester, reviewPartner, 201)).body.id as string;
      const introduced = (await ask(requester, introducedPartner, 201)).body.id as string;
      const domestic = (await ask(requester, german, 201)).body.id as string;
      await dataSource.query(`UPDATE match_requests SET status = 'introduced', introduced_at = now(), respond_by = now() + interval '20 days' WHERE id = $1`, [introduced]);
      await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, payload) VALUES ('match_introduction_reminder', 'zh', $1, $2)`, [introducedPartner.contactEmail, { matchRequestId: introduced }]);
      const [sentBefore] = await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, payload, status, sent_at) VALUES ('match_introduction', 'zh', $1, $2, 'sent', now()) RETURNING id`, [
        introducedPartner.contactEmail,
        { matchRequestId: introduced },
      ]);

      const path = await answerPath(introduced);
      await http().delete(`/api/companies/${requester.id}/consents/china-transfer`).set(await companyAuth(app, requester.id)).expect(204);

      expect([await statusOf(pending), await statusOf(introduced), await statusOf(domestic)]).toEqual(['withdrawn', 'withdrawn', 'pending_review']);
      const reasons = await dataSource.query(`SELECT closing_reason FROM match_requests WHERE id = ANY($1::uuid[])`, [[pending, introduced]]);
      expect(reasons).toEqual([{ closing_reason: 'transfer_consent_withdrawn' }, { closing_reason: 'transfer_consent_withdrawn' }]);
      const reminder = await dataSource.query(`SELECT status, cancel_reason FROM outbox_messages WHERE template = 'match_introduction_reminder' AND payload->>'matchRequestId' = $1`, [introduced]);
      expect(reminder).toEqual([{ status: 'cancelled', cancel_reason: expect.stringContaining('transfer_consent_withdrawn') }]);
      const cancelledList = await http().get('/api/officer/emails?status=cancelled&pageSize=100').set(officerAuth).expect(200);
      expect(cancelledList.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ template: 'match_introduction_reminder', status: 'cancelled', cancelledAt: expect.any(String), cancelReason: expect.stringContaining('transfer_consent_withdrawn') })]));
      const cancelledReminder = cancelledList.body.items.find((item: { template: string }) => item.template === 'match_introduction_reminder');
      await dataSource.query(`INSERT INTO outbox_recipients (outbox_id, address, role, state, smtp_response) VALUES ($1, $2, 'to', 'refused', '550 no such user')`, [cancelledReminder.id, introducedPartner.contactEmail]);
      const [refused] = await dataSource.query(`SELECT id FROM outbox_recipients WHERE outbox_id = $1`, [cancelledReminder.id]);
      const retried = await http().post(`/api/officer/emails/${cancelledReminder.id}/recipients/${refused.id}/retry`).set(officerAuth).send({}).expect(409);
      expect(retried.body.status).toBe('cancelled');
      await http().post(`/api/officer/emails/${cancelledReminder.id}/retry`).set(officerAuth).send({}).expect(409);
      const emailsPage = await http().get('/officer/emails?lang=en&status=cancelled').set(officerAuth).expect(200);
      expect(emailsPage.text).toContain('cancelled');
      // What already happened stays.
      expect((await dataSource.query(`SELECT status FROM outbox_messages WHERE id = $1`, [sentBefore.id]))[0].status).toBe('sent');
      const notices = await dataSource.query(`SELECT recipient FROM outbox_messages WHERE template = 'match_request_closed' AND payload->>'matchRequestId' = $1 ORDER BY recipient`, [introduced]);
      expect(notices.map((notice: { recipient: string }) => notice.recipient)).toEqual([requester.contactEmail, 'office@bad-homburg.example', 'office@foshan.example'].sort());
      await http().get(path).expect(410);

      const audit = await dataSource.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY id`, [introduced]);
      expect(audit.map((entry: { action: string }) => entry.action)).toContain('match_request.closed');
    });

    it('leaves no officer a way to send an introduction of the ended request again, unconfirmed or with a refused copy', async () => {
      const requester = await sme();
      const [unconfirmedPartner, refusedCopyPartner] = [await partnerIn('foshan'), await partnerIn('foshan')];
      const approved = (await ask(requester, unconfirmedPartner, 201)).body.id as string;
      const introduced = (await ask(requester, refusedCopyPartner, 201)).body.id as string;
      await dataSource.query(`UPDATE match_requests SET status = 'approved', home_decided_at = now() WHERE id = $1`, [approved]);
      await dataSource.query(`UPDATE match_requests SET status = 'introduced', home_decided_at = now(), introduced_at = now(), respond_by = now() + interval '20 days' WHERE id = $1`, [introduced]);
      // Handed over to the server, whose answer never came: an officer may send it again.
      const [unconfirmed] = await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, cc, payload, status) VALUES ('match_introduction', 'zh', $1, $2, $3, 'unconfirmed') RETURNING id`, [
        unconfirmedPartner.contactEmail,
        ['office@foshan.example'],
        { matchRequestId: approved },
      ]);
      // Sent to the partner; the Chinese office's copy refused, which an officer may send again to that recipient.
      const [sent] = await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, cc, payload, status, sent_at) VALUES ('match_introduction', 'zh', $1, $2, $3, 'sent', now()) RETURNING id`, [
        refusedCopyPartner.contactEmail,
        ['office@foshan.example'],
        { matchRequestId: introduced },
      ]);
      await dataSource.query(
        `INSERT INTO outbox_recipients (outbox_id, address, role, state, smtp_response, accepted_at) VALUES ($1, $2, 'to', 'accepted', '250 OK', now()), ($1, 'office@foshan.example', 'cc', 'refused', '550 mailbox full', NULL)`,
        [sent.id, refusedCopyPartner.contactEmail],
      );
      const [refusedCopy] = await dataSource.query(`SELECT id FROM outbox_recipients WHERE outbox_id = $1 AND role = 'cc'`, [sent.id]);

      await http().delete(`/api/companies/${requester.id}/consents/china-transfer`).set(await companyAuth(app, requester.id)).expect(204);

      expect([await statusOf(approved), await statusOf(introduced)]).toEqual(['withdrawn', 'withdrawn']);
      const again = await http().post(`/api/officer/emails/${unconfirmed.id}/retry`).set(officerAuth).send({});
      expect(again.status).toBe(409);
      const copy = await http().post(`/api/officer/emails/${sent.id}/recipients/${refusedCopy.id}/retry`).set(officerAuth).send({});
      expect(copy.status).toBe(409);
      // The officer may still record that it did arrive, which changes nothing of the ended request.
      const confirmed = await http().post(`/api/officer/emails/${unconfirmed.id}/confirm-delivered`).set(officerAuth).send({});
      expect(confirmed.status).toBeLessThan(500);
      expect(await statusOf(approved)).toBe('withdrawn');
      const after = await dataSource.query(`SELECT status FROM outbox_messages WHERE id = ANY($1::uuid[]) ORDER BY status`, [[unconfirmed.id, sent.id]]);
      expect(after.map((row: { status: string }) => row.status)).not.toContain('pending');
      const [copyState] = await dataSource.query(`SELECT state FROM outbox_recipients WHERE id = $1`, [refusedCopy.id]);
      expect(copyState.state).toBe('refused');
    });

    it('is given and withdrawn in the company area, whose suggestions page says what the consent opens', async () => {
      const [company, chinese] = [await sme({ chinaTransferConsent: false }), await partnerIn('foshan')];
      const auth = await companyAuth(app, company.id);
      const suggestions = await http().get('/companies/suggestions?lang=en').set(auth).expect(200);
      expect(suggestions.text).toContain('Give the consent to see partners in China.');
      expect(suggestions.text).toContain('href="/companies/area#china-transfer"');
      expect(suggestions.text).not.toContain(chinese.legalName);
      const refused = await http().post('/companies/match-requests?lang=en').set(auth).type('form').send({ targetCompanyId: chinese.id, purpose: 'distribution', message: MESSAGE }).expect(422);
      expect(refused.text).toContain('An introduction between Germany and China needs the consent to the transfer.');
      const area = await http().get('/companies/area?lang=de').set(auth).expect(200);
      expect(area.text).toContain('id="china-transfer"');
      expect(area.text).toContain('Sie haben nicht eingewilligt');

      await http().post('/companies/china-transfer').set(auth).type('form').send({ action: 'give' }).expect(303);
      const given = await http().get('/companies/area?lang=zh').set(auth).expect(200);
      expect(given.text).toContain('撤回同意');
      const after = await http().get('/companies/suggestions?lang=en').set(auth).expect(200);
      expect(after.text).not.toContain('Give the consent to see partners in China.');
      expect(after.text).toContain(chinese.legalName);

      await http().post('/companies/china-transfer').set(auth).type('form').send({ action: 'withdraw' }).expect(303);
      await http().post('/companies/china-transfer').set(auth).type('form').send({ action: 'maybe' }).expect(422);
      const consents = await dataSource.query(`SELECT withdrawn_at FROM company_consents WHERE company_id = $1 AND kind = 'china_transfer'`, [company.id]);
      expect(consents).toEqual([{ withdrawn_at: expect.any(Date) }]);
    });

    it('records every version given and withdrawn with its time', async () => {
      const company = await sme({ chinaTransferConsent: false });
      const auth = await companyAuth(app, company.id);
      await http().put(`/api/companies/${company.id}/consents/china-transfer`).set(auth).send({ version: CHINA_TRANSFER_CONSENT_VERSION }).expect(204);
      await http().delete(`/api/companies/${company.id}/consents/china-transfer`).set(auth).expect(204);
      await http().put(`/api/companies/${company.id}/consents/china-transfer`).set(auth).send({ version: CHINA_TRANSFER_CONSENT_VERSION }).expect(204);
      const profile = await http().get(`/api/companies/${company.id}/profile`).set(auth).expect(200);
      const transfers = profile.body.consents.filter((consent: { kind: string }) => consent.kind === 'china_transfer');
      expect(transfers).toEqual([
        { kind: 'china_transfer', version: CHINA_TRANSFER_CONSENT_VERSION, givenAt: expect.any(String), withdrawnAt: expect.any(String) },
        { kind: 'china_transfer', version: CHINA_TRANSFER_CONSENT_VERSION, givenAt: expect.any(String), withdrawnAt: null },
      ]);
    });
  });
});
