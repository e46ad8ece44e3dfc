import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompanyStatus } from '../../src/companies/company-status';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { MatchRequestStatus } from '../../src/match-requests/match-request-status';
import { MatchRequest, MatchRequestOrigin } from '../../src/match-requests/match-request.entity';
import { SuggestionAlertsService, DIGEST_INTERVAL_MS } from '../../src/matching/suggestion-alerts.service';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const { Distribution, Supplier, TechnologyLicensing, Investment, Services } = CooperationType;

function profile(overrides: {
  offers?: CooperationType[];
  offersText?: string;
  seeks?: CooperationType[];
  seeksText?: string;
  sectors?: string[];
  languages?: string[];
  targetMarkets?: { countries: string[]; regions: string[]; cities: string[] };
  anonymous?: boolean;
}): Record<string, unknown> {
  const languages = overrides.languages ?? ['zh', 'en'];
  return {
    offers: { types: overrides.offers ?? [Services], text: overrides.offersText ?? 'Consulting' },
    seeks: { types: overrides.seeks ?? [Investment], text: overrides.seeksText ?? 'Capital' },
    sectors: overrides.sectors ?? ['01'],
    keywords: [],
    languages,
    preferredLanguage: languages[0],
    targetMarkets: overrides.targetMarkets ?? { countries: [], regions: [], cities: [] },
    anonymous: overrides.anonymous ?? false,
  };
}

describe('Partner suggestions (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let seeker: Company;
  let best: Company;
  let second: Company;
  let third: Company;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    seeker = await createActiveCompany(
      app,
      profile({
        seeks: [Distribution],
        seeksText: 'Distribution partner for pressure sensors in Guangdong',
        offers: [TechnologyLicensing, Supplier],
        offersText: 'Pressure sensors and measurement technology',
        sectors: ['26.51'],
        languages: ['de', 'en'],
        targetMarkets: { countries: ['CN'], regions: ['CN-GD'], cities: ['foshan'] },
      }),
    );
    best = await createActiveCompany(
      app,
      profile({ offers: [Distribution], offersText: 'Distribution of pressure sensors and measuring instruments in South China', seeks: [Supplier], sectors: ['26.51'] }),
      'foshan',
    );
    second = await createActiveCompany(app, profile({ offers: [Distribution], offersText: 'Industrial trading house', sectors: ['26.52'] }), 'baoan-shenzhen');
    third = await createActiveCompany(app, profile({ offers: [Distribution], offersText: 'Wholesale of machines', sectors: ['28'], languages: ['zh'] }), 'taizhou');
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const suggestionsFor = async (company: Company, query = '') =>
    (await http().get(`/api/companies/${company.id}/suggestions${query}`).set(await companyAuth(app, company.id)).expect(200)).body as {
      language: string;
      items: Array<{ company: { id: string; name: string | null }; score: number; reasons: string[] }>;
    };
  const idsOf = (body: Awaited<ReturnType<typeof suggestionsFor>>) => body.items.map((item) => item.company.id);

  it('ranks a hand-built set in the known order: complementary types, closest sector, text, market and language', async () => {
    const body = await suggestionsFor(seeker, '?lang=en');
    const ranked = idsOf(body).filter((id) => [best.id, second.id, third.id].includes(id));
    expect(ranked).toEqual([best.id, second.id, third.id]);
    const scores = body.items.filter((item) => ranked.includes(item.company.id)).map((item) => item.score);
    expect(scores[0]).toBeGreaterThan(scores[1]);
    expect(scores[1]).toBeGreaterThan(scores[2]);
  });

  it('explains each suggestion in the reader’s language', async () => {
    const english = (await suggestionsFor(seeker, '?lang=en')).items.find((item) => item.company.id === best.id)!;
    expect(english.reasons).toEqual([
      'You seek a distribution partner; they offer distribution in Guangdong.',
      'They seek a supplier, which you offer.',
      expect.stringMatching(/^Same industry class \(26\.51, .+\)\.$/),
      expect.stringMatching(/^Their offer covers \d+ % of the terms in what you seek\.$/),
      'They are in Foshan, one of your target cities.',
      'You can correspond in English.',
    ]);
    const chinese = await http().get(`/api/companies/${seeker.id}/suggestions`).set(await companyAuth(app, seeker.id)).set('accept-language', 'zh-CN,zh;q=0.9').expect(200);
    expect(chinese.body.language).toBe('zh');
    const thirdInChinese = chinese.body.items.find((item: { company: { id: string } }) => item.company.id === third.id);
    expect(thirdInChinese.reasons).toContain('对方位于中国，是您的目标国家。');
    expect(thirdInChinese.reasons[thirdInChinese.reasons.length - 1]).toMatch(/^没有共同的通信语言/);
  });

  it('leaves out its own city, the other country unless targeted, paused, expired and unrelated profiles', async () => {
    const perfect = profile({ offers: [Distribution], offersText: 'Distribution of pressure sensors in Guangdong', seeks: [Supplier], sectors: ['26.51'] });
    const ownCity = await createActiveCompany(app, perfect, 'bad-homburg');
    const german = await createActiveCompany(app, perfect, 'koeln');
    const paused = await createActiveCompany(app, perfect, 'foshan');
    await dataSource.getRepository(Company).update(paused.id, { status: CompanyStatus.Paused });
    const expired = await createActiveCompany(app, perfect, 'foshan');
    await dataSource.getRepository(Company).update(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    const unrelated = await createActiveCompany(app, profile({ offers: [Investment], offersText: 'Rice farming', seeks: [Services], sectors: ['01'] }), 'foshan');

    const ids = idsOf(await suggestionsFor(seeker));
    expect(ids).not.toEqual(expect.arrayContaining([seeker.id]));
    for (const excluded of [ownCity, german, paused, expired, unrelated]) expect(ids).not.toContain(excluded.id);
    expect(ids).toContain(best.id);
  });

  it('looks in the other country by default, and where the target markets say otherwise', async () => {
    const anyMarket = await createActiveCompany(app, profile({ seeks: [Distribution], sectors: ['26.51'], languages: ['de', 'en'] }), 'bad-homburg');
    const german = await createActiveCompany(app, profile({ offers: [Distribution], sectors: ['26.51'] }), 'aachen');
    const byDefault = idsOf(await suggestionsFor(anyMarket));
    expect(byDefault).toContain(best.id);
    expect(byDefault).not.toContain(german.id);

    const homeMarket = await createActiveCompany(
      app,
      profile({ seeks: [Distribution], sectors: ['26.51'], languages: ['de', 'en'], targetMarkets: { countries: ['DE'], regions: [], cities: [] } }),
      'bad-homburg',
    );
    const widened = idsOf(await suggestionsFor(homeMarket));
    expect(widened).toContain(german.id);
    expect(widened).not.toContain(best.id);

    const narrowed = await createActiveCompany(app, profile({ seeks: [Distribution], sectors: ['26.51'], targetMarkets: { countries: [], regions: [], cities: ['taizhou'] } }), 'bad-homburg');
    const onlyTaizhou = idsOf(await suggestionsFor(narrowed));
    expect(onlyTaizhou).toContain(third.id);
    expect(onlyTaizhou).not.toContain(best.id);
  });

  it('leaves out partners with an open or declined request, in either direction, but not after a rejection', async () => {
    const seekerOfPairs = await createActiveCompany(app, profile({ seeks: [Distribution], sectors: ['26.51'], languages: ['en'] }), 'bad-homburg');
    const partner = (status: MatchRequestStatus, outgoing = true) =>
      createActiveCompany(app, profile({ offers: [Distribution], sectors: ['26.51'] }), 'foshan').then(async (company) => {
        await dataSource.getRepository(MatchRequest).save({
          requesterCompanyId: outgoing ? seekerOfPairs.id : company.id,
          targetCompanyId: outgoing ? company.id : seekerOfPairs.id,
          origin: MatchRequestOrigin.Company,
          purpose: Distribution,
          message: 'We would like to discuss distribution.',
          status,
          score: 50,
          rejectionReason: status === MatchRequestStatus.Rejected ? 'Not a fit for now.' : null,
          ...(status === MatchRequestStatus.Declined && { introducedAt: new Date(), respondBy: new Date() }),
        });
        return company;
      });
    const open = await partner(MatchRequestStatus.PendingReview);
    const incoming = await partner(MatchRequestStatus.PendingReview, false);
    const declined = await partner(MatchRequestStatus.Declined);
    const rejected = await partner(MatchRequestStatus.Rejected);
    const ids = idsOf(await suggestionsFor(seekerOfPairs, '?limit=50'));
    expect(ids).not.toContain(open.id);
    expect(ids).not.toContain(incoming.id);
    expect(ids).not.toContain(declined.id);
    expect(ids).toContain(rejected.id);
  });

  it('hides the name of an anonymous candidate', async () => {
    const anonymous = await createActiveCompany(app, profile({ offers: [Distribution], sectors: ['26.51'], anonymous: true }), 'jiangmen');
    const item = (await suggestionsFor(seeker, '?limit=50')).items.find((entry) => entry.company.id === anonymous.id);
    expect(item?.company.name).toBeNull();
  });

  it('lets an officer read any company’s suggestions, and refuses other companies and bad input', async () => {
    const officer = await createStaffUser(app);
    const officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
    await http().get(`/api/companies/${seeker.id}/suggestions`).set(officerAuth).expect(200);
    await http().get(`/api/companies/${seeker.id}/suggestions`).set(await companyAuth(app, best.id)).expect(403);
    await http().get(`/api/companies/${seeker.id}/suggestions`).expect(401);
    const bad = await http().get(`/api/companies/${seeker.id}/suggestions?limit=500&lang=fr`).set(officerAuth).expect(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['lang', 'limit']);
  });

  it('tells a profile that is not active yet when suggestions will appear', async () => {
    const pending = await createActiveCompany(app, profile({}), 'bad-homburg');
    await dataSource.getRepository(Company).update(pending.id, { status: CompanyStatus.PendingReview });
    const response = await http().get(`/api/companies/${pending.id}/suggestions`).set(await companyAuth(app, pending.id)).expect(409);
    expect(response.body.message).toContain('once the profile is approved');
  });

  describe('weekly alerts', () => {
    it('are off by default, and once on, email only new profiles that rank high', async () => {
      const auth = await companyAuth(app, seeker.id);
      expect((await http().get(`/api/companies/${seeker.id}/suggestion-alerts`).set(auth).expect(200)).body).toEqual({ enabled: false, lastDigestAt: null });
      await http().put(`/api/companies/${seeker.id}/suggestion-alerts`).set(auth).send({ enabled: 'yes' }).expect(400);
      const on = await http().put(`/api/companies/${seeker.id}/suggestion-alerts`).set(auth).send({ enabled: true }).expect(200);
      expect(on.body.enabled).toBe(true);
      await http().put(`/api/companies/${seeker.id}/suggestion-alerts`).set(await companyAuth(app, best.id)).send({ enabled: false }).expect(403);

      const newcomer = await createActiveCompany(app, profile({ offers: [Distribution], offersText: 'Distribution of pressure sensors', seeks: [Supplier], sectors: ['26.51'] }), 'foshan');
      const alerts = app.get(SuggestionAlertsService);
      expect(await alerts.sendDueDigests()).toMatchObject({ sent: 0 }); // not a week yet

      const aWeekLater = new Date(Date.now() + DIGEST_INTERVAL_MS + 60_000);
      expect(await alerts.sendDueDigests(aWeekLater)).toMatchObject({ sent: 1 });
      const digests = await dataSource.query(`SELECT recipient, language, payload FROM outbox_messages WHERE template = 'suggestion_digest'`);
      expect(digests).toHaveLength(1);
      expect(digests[0].recipient).toBe(seeker.contactEmail);
      const listed = digests[0].payload.suggestions.map((entry: { companyId: string }) => entry.companyId);
      expect(listed).toContain(newcomer.id);
      expect(listed).not.toContain(best.id); // known before the alert was turned on
      expect(digests[0].payload.suggestions[0].reasons.length).toBeGreaterThan(0);

      expect(await alerts.sendDueDigests(aWeekLater)).toMatchObject({ sent: 0 }); // once per week
    });
  });
});
