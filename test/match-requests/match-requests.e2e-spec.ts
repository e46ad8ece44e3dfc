import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { City } from '../../src/cities/city.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { IntroductionProgressService } from '../../src/match-requests/introduction-progress.service';
import { MatchRequestStatus } from '../../src/match-requests/match-request-status';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { OfficerDigestService } from '../../src/match-requests/officer-digest.service';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const DAY_MS = 24 * 3_600_000;
const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';

describe('Match requests and their review (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };
  let secondOfficerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const officer = await createStaffUser(app);
    const secondOfficer = await createStaffUser(app);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    secondOfficerAuth = { authorization: `Bearer ${await bearerTokenFor(app, secondOfficer.email)}` };
    for (const slug of ['foshan', 'taizhou']) await setOfficeContact(slug, { routing: IntroductionRouting.CompanyWithOfficeCc });
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  async function setOfficeContact(slug: string, options: { routing?: IntroductionRouting; approves?: boolean }): Promise<string> {
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    const email = `wirtschaft@${slug}.example`;
    await dataSource.getRepository(OfficeContact).save({
      cityId: city.id,
      officeName: `Office of ${slug}`,
      email,
      preferredLanguage: 'en',
      introductionRouting: options.routing ?? IntroductionRouting.CompanyWithOfficeCc,
      approvesIntroductions: options.approves ?? false,
    });
    return email;
  }

  const smeInBadHomburg = () => createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } });
  const partnerIn = (slug: string) => createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, slug);

  async function requestIntroduction(requester: Company, target: Company, expected = 201) {
    return http()
      .post('/api/match-requests')
      .set(await companyAuth(app, requester.id))
      .send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE })
      .expect(expected);
  }

  const statusOf = async (id: string) => (await dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).status;
  // The emails to the companies; officers' notifications are looked at where they matter.
  const outboxFor = (id: string) =>
    dataSource.query(
      `SELECT template, recipient, cc, language, payload FROM outbox_messages WHERE payload->>'matchRequestId' = $1 AND template NOT LIKE 'officer\\_%' ORDER BY created_at, template`,
      [id],
    );
  const officerNotices = (id: string) =>
    dataSource.query(`SELECT template, recipient FROM outbox_messages WHERE payload->>'matchRequestId' = $1 AND template LIKE 'officer\\_%' ORDER BY created_at`, [id]);
  const auditActions = async (id: string) => (await dataSource.getRepository(AuditEntry).find({ where: { subjectId: id }, order: { id: 'ASC' } })).map((entry) => entry.action);

  describe('asking for an introduction', () => {
    it('records the request with the pair’s score and waits for review', async () => {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('foshan')];
      const created = await requestIntroduction(requester, target);
      expect(created.body).toMatchObject({ status: 'pending_review', version: 1 });
      const stored = await dataSource.getRepository(MatchRequest).findOneByOrFail({ id: created.body.id });
      expect(stored.score).toBeGreaterThan(0);
      expect(stored.reasons).toMatchObject({ seeksOffered: ['distribution'] });
      expect(await auditActions(stored.id)).toEqual(['match_request.created']);
      // The home office's officers hear of it at once.
      expect((await officerNotices(stored.id)).map((row: { template: string }) => row.template)).toContain('officer_match_request_waiting');
      const mine = await http().get('/api/match-requests').set(await companyAuth(app, requester.id)).expect(200);
      expect(mine.body).toEqual([expect.objectContaining({ id: stored.id, direction: 'outgoing', status: 'pending_review', partnerContact: null })]);
      // The partner sees nothing before the introduction.
      expect((await http().get('/api/match-requests').set(await companyAuth(app, target.id)).expect(200)).body).toEqual([]);
    });

    it('refuses a second open request for the same pair, in either direction, and one after the partner declined', async () => {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('foshan')];
      const first = await requestIntroduction(requester, target);
      const again = await requestIntroduction(requester, target, 409);
      expect(again.body.existingRequest).toEqual({ id: first.body.id, status: 'pending_review' });
      await requestIntroduction(target, requester, 409);
      await dataSource.getRepository(MatchRequest).update(first.body.id, { status: MatchRequestStatus.Declined, introducedAt: new Date(), respondBy: new Date() });
      const afterDecline = await requestIntroduction(requester, target, 409);
      expect(afterDecline.body.message).toContain('declined');
    });

    it('names the field of bad input and changes nothing', async () => {
      const [requester, target, neighbour] = [await smeInBadHomburg(), await partnerIn('foshan'), await smeInBadHomburg()];
      const auth = await companyAuth(app, requester.id);
      const bad = await http().post('/api/match-requests').set(auth).send({ targetCompanyId: 'nope', purpose: 'friendship', message: 'Hi', extra: 1 }).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['extra', 'message', 'purpose', 'targetCompanyId']);
      const tooLong = await http().post('/api/match-requests').set(auth).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'x'.repeat(2001) }).expect(400);
      expect(tooLong.body.errors).toEqual([{ field: 'message', message: 'message must be at most 2000 characters long' }]);
      const sameCity = await requestIntroduction(requester, neighbour, 422);
      expect(sameCity.body.errors).toEqual([{ field: 'targetCompanyId', message: 'The partner must be in another member city.' }]);
      const unknown = await http().post('/api/match-requests').set(auth).send({ targetCompanyId: '00000000-0000-4000-8000-000000000000', purpose: 'distribution', message: MESSAGE }).expect(422);
      expect(unknown.body.errors[0].field).toBe('targetCompanyId');
      expect(await dataSource.getRepository(MatchRequest).countBy({ requesterCompanyId: requester.id })).toBe(0);
    });

    it('caps the open requests of one company', async () => {
      const requester = await smeInBadHomburg();
      for (let index = 0; index < 10; index += 1) await requestIntroduction(requester, await partnerIn('taizhou'));
      const over = await requestIntroduction(requester, await partnerIn('taizhou'), 409);
      expect(over.body).toMatchObject({ openRequests: 10, limit: 10 });
      const [oldest] = await dataSource.getRepository(MatchRequest).find({ where: { requesterCompanyId: requester.id }, order: { createdAt: 'ASC' }, take: 1 });
      await http().post(`/api/match-requests/${oldest.id}/withdraw`).set(await companyAuth(app, requester.id)).expect(201);
      await requestIntroduction(requester, await partnerIn('taizhou'));
    });

    it('lets only the requester withdraw, and only while it waits for review', async () => {
      const [requester, target, stranger] = [await smeInBadHomburg(), await partnerIn('foshan'), await smeInBadHomburg()];
      const { id } = (await requestIntroduction(requester, target)).body;
      await http().post(`/api/match-requests/${id}/withdraw`).set(await companyAuth(app, stranger.id)).expect(404);
      await http().post(`/api/match-requests/${id}/withdraw`).set(await companyAuth(app, target.id)).expect(404);
      await http().post(`/api/match-requests/${id}/withdraw`).set(officerAuth).expect(403);
      expect((await http().post(`/api/match-requests/${id}/withdraw`).set(await companyAuth(app, requester.id)).expect(201)).body.status).toBe('withdrawn');
      const again = await http().post(`/api/match-requests/${id}/withdraw`).set(await companyAuth(app, requester.id)).expect(409);
      expect(again.body).toMatchObject({ status: 'withdrawn', message: 'A request that is withdrawn cannot withdraw.' });
    });
  });

  describe('the officer’s decision', () => {
    it('approves: the introduction to the partner (office in copy) and the notice to the requester are queued with it', async () => {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('foshan')];
      const { id } = (await requestIntroduction(requester, target)).body;
      const approved = await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({ note: 'A strong fit; we recommend a call.', version: 1 }).expect(201);
      expect(approved.body).toEqual({ id, status: 'approved', version: 2 });
      expect(await outboxFor(id)).toEqual([
        { template: 'match_introduction', recipient: target.contactEmail, cc: ['wirtschaft@foshan.example'], language: 'zh', payload: { matchRequestId: id, routing: 'company_with_office_cc', responseLinkId: expect.any(String) } },
        expect.objectContaining({ template: 'match_request_approved', recipient: requester.contactEmail, language: 'de' }),
      ]);
      expect((await dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).officerNote).toBe('A strong fit; we recommend a call.');
      expect(await auditActions(id)).toEqual(['match_request.created', 'match_request.approved']);

      const twice = await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(409);
      expect(twice.body).toMatchObject({ status: 'approved' });
      await http().post(`/api/officer/match-requests/${id}/reject`).set(officerAuth).send({ reason: 'Changed our mind.' }).expect(409);
      await http().post(`/api/match-requests/${id}/withdraw`).set(await companyAuth(app, requester.id)).expect(409);
    });

    it('sends the introduction to the partner city’s office where it asks for that', async () => {
      const officeEmail = await setOfficeContact('maoming', { routing: IntroductionRouting.ViaOffice });
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('maoming'))).body;
      await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
      expect((await outboxFor(id))[0]).toMatchObject({ template: 'match_introduction', recipient: officeEmail, cc: [], language: 'en', payload: { routing: 'via_office' } });
    });

    it('refuses to approve while the partner city has no office contact, and changes nothing', async () => {
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('lanzhou'))).body;
      const refused = await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(422);
      expect(refused.body.message).toContain('PUT /api/officer/cities/lanzhou/office-contact');
      expect(await statusOf(id)).toBe('pending_review');
      expect(await outboxFor(id)).toEqual([]);
    });

    it('rejects with a reason, which the requester is sent', async () => {
      const requester = await smeInBadHomburg();
      const { id } = (await requestIntroduction(requester, await partnerIn('foshan'))).body;
      const noReason = await http().post(`/api/officer/match-requests/${id}/reject`).set(officerAuth).send({}).expect(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      await http().post(`/api/officer/match-requests/${id}/reject`).set(officerAuth).send({ reason: 'The partner is not taking new distributors.' }).expect(201);
      expect(await outboxFor(id)).toEqual([
        expect.objectContaining({ template: 'match_request_rejected', recipient: requester.contactEmail, payload: expect.objectContaining({ reason: 'The partner is not taking new distributors.' }) }),
      ]);
      await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(409);
    });

    it('lets exactly one of two officers deciding at once win', async () => {
      for (let round = 0; round < 5; round += 1) {
        const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
        const responses = await Promise.all([
          http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}),
          http().post(`/api/officer/match-requests/${id}/reject`).set(secondOfficerAuth).send({ reason: 'Rejected by the second officer.' }),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
        const status = await statusOf(id);
        const templates = (await outboxFor(id)).map((row: { template: string }) => row.template).sort();
        expect(templates).toEqual(status === 'approved' ? ['match_introduction', 'match_request_approved'] : ['match_request_rejected']);
        expect((await auditActions(id)).length).toBe(2);
      }
    });

    it('refuses a decision made on a stale version', async () => {
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
      const stale = await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({ version: 7 }).expect(409);
      expect(stale.body.message).toContain('changed since you loaded it');
    });

    it('commits the approval and its outbox rows together: a failure after the state change leaves neither', async () => {
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
      await dataSource.query(`
        CREATE FUNCTION refuse_approved_notice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.template = 'match_request_approved' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
          RETURN NEW;
        END $$`);
      await dataSource.query(`CREATE TRIGGER refuse_approved_notice BEFORE INSERT ON outbox_messages FOR EACH ROW EXECUTE FUNCTION refuse_approved_notice()`);
      try {
        await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(500);
      } finally {
        await dataSource.query(`DROP TRIGGER refuse_approved_notice ON outbox_messages`);
        await dataSource.query(`DROP FUNCTION refuse_approved_notice()`);
      }
      expect(await statusOf(id)).toBe('pending_review');
      expect(await outboxFor(id)).toEqual([]);
      expect(await auditActions(id)).toEqual(['match_request.created']);
      await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
    });

    it('waits for the partner city’s office where it has chosen to approve introductions too', async () => {
      await setOfficeContact('jiangmen', { approves: true });
      const partnerOfficer = await createStaffUser(app, { citySlug: 'jiangmen' });
      const partnerOfficerAuth = { authorization: `Bearer ${await bearerTokenFor(app, partnerOfficer.email)}` };
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('jiangmen'))).body;

      await http().post(`/api/officer/match-requests/${id}/approve`).set(partnerOfficerAuth).send({}).expect(403);
      expect((await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201)).body.status).toBe('pending_partner_office');
      expect(await outboxFor(id)).toEqual([]);
      expect(await officerNotices(id)).toContainEqual({ template: 'officer_match_request_waiting', recipient: partnerOfficer.email });
      await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(403);
      const queue = await http().get('/api/officer/match-requests?status=pending_partner_office').set(partnerOfficerAuth).expect(200);
      expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
      expect((await http().post(`/api/officer/match-requests/${id}/approve`).set(partnerOfficerAuth).send({ note: 'Welcome to Jiangmen.' }).expect(201)).body.status).toBe('approved');
      expect((await outboxFor(id)).map((row: { template: string }) => row.template)).toEqual(['match_introduction', 'match_request_approved']);
      expect(await auditActions(id)).toEqual(['match_request.created', 'match_request.referred_to_partner_office', 'match_request.partner_office_approved']);
    });

    it('keeps requests of other cities from an officer of an uninvolved city', async () => {
      const foreignOfficer = await createStaffUser(app, { citySlug: 'weihai' });
      const foreignAuth = { authorization: `Bearer ${await bearerTokenFor(app, foreignOfficer.email)}` };
      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
      await http().post(`/api/officer/match-requests/${id}/approve`).set(foreignAuth).send({}).expect(404);
      await http().post(`/api/officer/match-requests/${id}/reject`).set(foreignAuth).send({ reason: 'Not our business at all.' }).expect(404);
      expect((await http().get('/api/officer/match-requests').set(foreignAuth).expect(200)).body.items).toEqual([]);
      expect(await statusOf(id)).toBe('pending_review');
    });

    it('refuses companies and anonymous callers on the officer routes', async () => {
      const requester = await smeInBadHomburg();
      const { id } = (await requestIntroduction(requester, await partnerIn('foshan'))).body;
      await http().post(`/api/officer/match-requests/${id}/approve`).set(await companyAuth(app, requester.id)).send({}).expect(403);
      await http().post(`/api/officer/match-requests/${id}/approve`).send({}).expect(401);
      await http().get('/api/officer/stats').set(await companyAuth(app, requester.id)).expect(403);
    });

    it('decides several requests at once, reporting each', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) ids.push((await requestIntroduction(await smeInBadHomburg(), await partnerIn('taizhou'))).body.id);
      await http().post(`/api/officer/match-requests/${ids[0]}/reject`).set(officerAuth).send({ reason: 'Decided on its own before.' }).expect(201);
      await http().post('/api/officer/match-requests/decisions').set(officerAuth).send({ ids, decision: 'reject' }).expect(400);
      const decided = await http().post('/api/officer/match-requests/decisions').set(officerAuth).send({ ids, decision: 'approve', note: 'Approved in one go.' }).expect(200);
      expect(decided.body.results).toEqual([
        { id: ids[0], outcome: 'refused', status: 'rejected', httpStatus: 409, message: 'A request that is rejected cannot approve.' },
        { id: ids[1], outcome: 'done', status: 'approved', httpStatus: 200 },
        { id: ids[2], outcome: 'done', status: 'approved', httpStatus: 200 },
      ]);
    });

    it('proposes an introduction on an officer’s own initiative', async () => {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('foshan')];
      const proposed = await http()
        .post('/api/officer/match-requests')
        .set(officerAuth)
        .send({ requesterCompanyId: requester.id, targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE, note: 'We met both at the trade fair.' })
        .expect(201);
      expect(proposed.body.status).toBe('approved');
      expect(await dataSource.getRepository(MatchRequest).findOneByOrFail({ id: proposed.body.id })).toMatchObject({ origin: 'officer', officerNote: 'We met both at the trade fair.' });
    });
  });

  describe('telling the officers', () => {
    it('emails each waiting request at once, or lists it in a daily summary for officers who chose that', async () => {
      const daily = await createStaffUser(app);
      const dailyAuth = { authorization: `Bearer ${await bearerTokenFor(app, daily.email)}` };
      expect((await http().get('/api/auth/me/notifications').set(dailyAuth).expect(200)).body).toEqual({ mode: 'immediate' });
      await http().put('/api/auth/me/notifications').set(dailyAuth).send({ mode: 'weekly' }).expect(400);
      await http().put('/api/auth/me/notifications').set(dailyAuth).send({ mode: 'daily' }).expect(200);
      await http().put('/api/auth/me/notifications').set(await companyAuth(app, (await smeInBadHomburg()).id)).send({ mode: 'off' }).expect(403);

      const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
      expect((await officerNotices(id)).map((row: { recipient: string }) => row.recipient)).not.toContain(daily.email);

      const digests = app.get(OfficerDigestService);
      await digests.sendDue();
      const [summary] = await dataSource.query(`SELECT payload FROM outbox_messages WHERE template = 'officer_daily_digest' AND recipient = $1`, [daily.email]);
      expect(summary.payload.matchRequests.map((item: { link: string }) => item.link)).toContainEqual(expect.stringContaining(id));
      await digests.sendDue();
      expect(await dataSource.query(`SELECT id FROM outbox_messages WHERE template = 'officer_daily_digest' AND recipient = $1`, [daily.email])).toHaveLength(1);
    });
  });

  describe('the review queue and the figures', () => {
    it('lists waiting requests with both profiles, reasons in the officer’s language, and filters', async () => {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('nanning')];
      const { id } = (await requestIntroduction(requester, target)).body;
      const queue = await http().get('/api/officer/match-requests?partnerCity=nanning&country=cn&lang=de').set(officerAuth).expect(200);
      expect(queue.body.total).toBe(1);
      const [item] = queue.body.items;
      expect(item).toMatchObject({ id, status: 'pending_review', version: 1, waitingHours: 0, requester: { id: requester.id, contact: { email: requester.contactEmail } }, target: { id: target.id } });
      expect(item.reasons[0]).toBe('Sie suchen einen Vertriebspartner; das Unternehmen bietet Vertrieb in Guangxi.');
      expect((await http().get('/api/officer/match-requests?partnerCity=nanning&minWaitingDays=1').set(officerAuth).expect(200)).body.total).toBe(0);
      expect((await http().get('/api/officer/match-requests?partnerCity=nanning&status=approved').set(officerAuth).expect(200)).body.total).toBe(0);
      const bad = await http().get('/api/officer/match-requests?status=lost&minWaitingDays=-1').set(officerAuth).expect(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['minWaitingDays', 'status']);
    });

    it('counts by status, partner city and country, with acceptance rate and median times, also as CSV', async () => {
      const from = new Date().toISOString();
      const before = (await http().get(`/api/officer/stats?from=${from}`).set(officerAuth).expect(200)).body;
      expect(before.total).toBe(0);
      const progress = app.get(IntroductionProgressService);
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const { id } = (await requestIntroduction(await smeInBadHomburg(), await partnerIn('foshan'))).body;
        await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
        await progress.markIntroduced(id);
        ids.push(id);
      }
      await progress.recordAnswer(ids[0], { accepted: true });
      await progress.recordAnswer(ids[1], { accepted: false, reason: 'No capacity this year.' });
      const stats = (await http().get(`/api/officer/stats?from=${from}`).set(officerAuth).expect(200)).body;
      expect(stats).toMatchObject({ total: 3, byStatus: { accepted: 1, declined: 1, introduced: 1 }, byCountry: [{ country: 'CN', total: 3 }], acceptanceRate: 0.5 });
      expect(stats.byPartnerCity).toEqual([expect.objectContaining({ slug: 'foshan', total: 3, acceptanceRate: 0.5 })]);
      expect(stats.medianHoursToDecision).toBeGreaterThanOrEqual(0);
      expect(stats.medianHoursToAnswer).toBeGreaterThanOrEqual(0);
      const csv = await http().get(`/api/officer/stats.csv?from=${from}`).set(officerAuth).expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.text.replace('\uFEFF', '').trim().split('\r\n');
      expect(lines[0]).toBe('partnerCity,name,country,total,pending_review,pending_partner_office,approved,rejected,withdrawn,introduced,accepted,declined,expired,connected,acceptanceRate');
      expect(lines[1]).toBe('"foshan","Foshan","CN","3","0","0","0","0","0","1","1","1","0","0","0.5"');
      await http().get('/api/officer/stats?from=yesterday').set(officerAuth).expect(400);
    });
  });

  describe('after the introduction', () => {
    async function introduced() {
      const [requester, target] = [await smeInBadHomburg(), await partnerIn('foshan')];
      const { id } = (await requestIntroduction(requester, target)).body;
      await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
      const introducedAt = new Date();
      await app.get(IntroductionProgressService).markIntroduced(id, introducedAt);
      return { id, requester, target, introducedAt };
    }

    it('reminds the partner once after 7 days and expires the request after 21, telling both sides', async () => {
      const { id, requester, target, introducedAt } = await introduced();
      const progress = app.get(IntroductionProgressService);
      await progress.runDeadlines(new Date(introducedAt.getTime() + 6 * DAY_MS));
      expect((await outboxFor(id)).map((row: { template: string }) => row.template)).not.toContain('match_introduction_reminder');
      await progress.runDeadlines(new Date(introducedAt.getTime() + 7 * DAY_MS + 1000));
      await progress.runDeadlines(new Date(introducedAt.getTime() + 8 * DAY_MS));
      expect((await outboxFor(id)).filter((row: { template: string }) => row.template === 'match_introduction_reminder')).toEqual([expect.objectContaining({ recipient: target.contactEmail })]);
      await progress.runDeadlines(new Date(introducedAt.getTime() + 21 * DAY_MS + 1000));
      expect(await statusOf(id)).toBe('expired');
      const notices = (await outboxFor(id)).filter((row: { template: string }) => row.template.endsWith('expired'));
      expect(notices.map((row: { template: string; recipient: string }) => [row.template, row.recipient])).toEqual(
        expect.arrayContaining([
          ['match_introduction_expired', target.contactEmail],
          ['match_request_expired', requester.contactEmail],
        ]),
      );
    });

    it('exchanges contact details only once the partner accepted and the exchange went out', async () => {
      const { id, requester, target } = await introduced();
      const progress = app.get(IntroductionProgressService);
      const seenByPartner = await http().get('/api/match-requests').set(await companyAuth(app, target.id)).expect(200);
      expect(seenByPartner.body).toEqual([expect.objectContaining({ id, direction: 'incoming', status: 'introduced', partnerContact: null })]);
      await progress.recordAnswer(id, { accepted: true });
      const exchange = (await outboxFor(id)).filter((row: { template: string }) => row.template === 'match_contact_exchange');
      expect(exchange.map((row: { recipient: string }) => row.recipient).sort()).toEqual([requester.contactEmail, target.contactEmail].sort());
      await expect(progress.recordAnswer(id, { accepted: false, reason: null })).rejects.toMatchObject({ status: 409 });
      expect((await http().get('/api/match-requests').set(await companyAuth(app, requester.id)).expect(200)).body[0].partnerContact).toBeNull();
      await progress.markConnected(id);
      const connected = await http().get('/api/match-requests').set(await companyAuth(app, requester.id)).expect(200);
      expect(connected.body[0]).toMatchObject({ status: 'connected', partnerContact: { email: target.contactEmail } });
    });

    it('records a decline with its reason and tells the requester', async () => {
      const { id, requester } = await introduced();
      await app.get(IntroductionProgressService).recordAnswer(id, { accepted: false, reason: 'Not before next year.' });
      expect(await dataSource.getRepository(MatchRequest).findOneByOrFail({ id })).toMatchObject({ status: 'declined', declineReason: 'Not before next year.' });
      expect((await outboxFor(id)).map((row: { template: string; recipient: string }) => [row.template, row.recipient])).toContainEqual(['match_request_declined', requester.contactEmail]);
      await expect(app.get(IntroductionProgressService).markConnected(id)).rejects.toMatchObject({ status: 409 });
    });
  });
});
