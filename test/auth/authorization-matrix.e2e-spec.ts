import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SessionService } from '../../src/auth/session.service';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { ACCESS_RULES } from '../../src/common/access';
import { UserRole } from '../../src/common/principal';
import { MatchRequest, MatchRequestOrigin } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { createTestApp } from '../utils/test-app';

/**
 * ownCompany: a user of the company the route names; otherCompany: a user of another company. Staff: an officer of the
 * home city (HOME_CITY, Bad Homburg), of another German member city (Köln), of a Chinese member city (Foshan), and an
 * administrator.
 */
type Role = 'anonymous' | 'ownCompany' | 'otherCompany' | 'homeOfficer' | 'germanOfficer' | 'chineseOfficer' | 'admin';

/** Where the route's subject (the company, request or member city it names) is: the home city, or the city of the German or the Chinese officer. */
type Place = 'home' | 'german' | 'chinese';

/** 'allowed': passed authorisation (any answer but 401, 403 and 404); otherwise the exact refusal. */
type Outcome = 'allowed' | 401 | 403 | 404;

/**
 * For routes whose answer depends on where the subject is: per place, the roles that get in and those that learn nothing
 * (404). Every other role is refused: 401 without a session, 403 with one. Each role meets fresh subjects.
 */
interface Scoped {
  allowed: Record<Place, Role[]>;
  hidden?: Partial<Record<Place, Role[]>>;
  /** A valid body, so that validation does not answer before authorisation. */
  body?: (subject: Subject) => object;
}

const EVERYONE: Role[] = ['anonymous', 'ownCompany', 'otherCompany', 'homeOfficer', 'germanOfficer', 'chineseOfficer', 'admin'];
const SIGNED_IN: Role[] = EVERYONE.filter((role) => role !== 'anonymous');
const STAFF: Role[] = ['homeOfficer', 'germanOfficer', 'chineseOfficer', 'admin'];
const HOME_OFFICE: Role[] = ['homeOfficer', 'admin'];
const ADMIN: Role[] = ['admin'];
const OWN_COMPANY: Role[] = ['ownCompany'];
const ANY_COMPANY: Role[] = ['ownCompany', 'otherCompany'];
const OWN_COMPANY_OR_HOME_OFFICE: Role[] = ['ownCompany', ...HOME_OFFICE];

const everywhere = (roles: Role[]): Record<Place, Role[]> => ({ home: roles, german: roles, chinese: roles });
/** The home office everywhere, and the officer of the place's own city there. */
const OWN_CITY_OR_HOME_OFFICE = (others: Role[] = HOME_OFFICE): Record<Place, Role[]> => ({ home: others, german: [...others, 'germanOfficer'], chinese: [...others, 'chineseOfficer'] });
/** A match request between a Bad Homburg company and the place's company: the home office decides it; the partner office sees it but waits for its own step; others learn nothing of it. */
const REQUEST_DECISION: Scoped = {
  allowed: everywhere(HOME_OFFICE),
  hidden: { home: ['germanOfficer', 'chineseOfficer'], german: ['chineseOfficer'], chinese: ['germanOfficer'] },
};
const OFFICE_CONTACT = { officeName: 'Wirtschaftsförderung', email: 'office@city.example', preferredLanguage: 'de', introductionRouting: 'company_with_office_cc' };
const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';

/**
 * Who may call each route. A route that is added without an entry here fails the first test:
 * deciding who may call it is part of adding it. A list of roles holds wherever the subject is
 * (a company route names a Bad Homburg company); a Scoped entry gives the answer per place.
 */
const EXPECTED_ACCESS: Record<string, Role[] | Scoped> = {
  'GET /health': EVERYONE,
  'GET /health/ready': EVERYONE,
  'GET /api/cities': EVERYONE,
  'GET /api/cities/resolve': EVERYONE,
  'GET /api/cities/:slug': EVERYONE,
  'POST /api/auth/login': EVERYONE,
  'POST /api/auth/tokens': EVERYONE,
  'POST /api/auth/password': EVERYONE,
  'GET /api/auth/me': SIGNED_IN,
  'POST /api/auth/logout': SIGNED_IN,
  'POST /api/auth/logout-everywhere': SIGNED_IN,
  'POST /api/auth/totp': STAFF,
  'POST /api/auth/totp/confirm': STAFF,
  'DELETE /api/auth/totp': STAFF,
  'GET /api/officer/audit': HOME_OFFICE,
  'GET /api/officer/audit/export.csv': HOME_OFFICE,
  'PUT /api/officer/cities/:slug/office-contact': { allowed: OWN_CITY_OR_HOME_OFFICE(), body: () => OFFICE_CONTACT },
  'DELETE /api/officer/cities/:slug/office-contact': { allowed: OWN_CITY_OR_HOME_OFFICE() },
  'GET /api/admin/officers': ADMIN,
  'POST /api/admin/officers': ADMIN,
  'PATCH /api/admin/officers/:id': ADMIN,
  'POST /api/admin/regions': ADMIN,
  'POST /api/admin/cities': ADMIN,
  'POST /api/admin/cities/:slug/municipalities': ADMIN,
  'POST /api/companies': EVERYONE,
  'GET /api/companies': EVERYONE,
  'GET /api/companies/consent-terms': EVERYONE,
  'POST /api/companies/email-verification': EVERYONE,
  'POST /api/companies/login-link': EVERYONE,
  'POST /api/companies/email-change': EVERYONE,
  'POST /api/companies/session': EVERYONE,
  'GET /api/companies/:id': EVERYONE,
  'GET /api/companies/:id/profile': { allowed: everywhere(OWN_COMPANY_OR_HOME_OFFICE) },
  'PUT /api/companies/:id/profile': OWN_COMPANY,
  'POST /api/companies/:id/pause': OWN_COMPANY,
  'POST /api/companies/:id/resume': OWN_COMPANY,
  'POST /api/companies/:id/renew': OWN_COMPANY,
  'GET /api/companies/:id/export': OWN_COMPANY,
  'PUT /api/companies/:id/consents/china-transfer': OWN_COMPANY,
  'DELETE /api/companies/:id/consents/china-transfer': OWN_COMPANY,
  'DELETE /api/companies/:id': { allowed: everywhere(OWN_COMPANY_OR_HOME_OFFICE) },
  'GET /api/officer/companies': HOME_OFFICE,
  'POST /api/officer/companies/:id/approve': { allowed: everywhere(HOME_OFFICE) },
  'POST /api/officer/companies/:id/reject': { allowed: everywhere(HOME_OFFICE), body: () => ({ reason: 'Not located in an ISA member city.' }) },
  'POST /api/officer/companies/import': HOME_OFFICE,
  'GET /api/officer/companies/imports/:id': HOME_OFFICE,
  'GET /api/companies/:id/suggestions': { allowed: OWN_CITY_OR_HOME_OFFICE(OWN_COMPANY_OR_HOME_OFFICE) },
  'PUT /api/officer/companies/:id/transfer-basis': { allowed: OWN_CITY_OR_HOME_OFFICE(), body: () => ({ basis: 'consent' }) },
  'GET /api/companies/:id/suggestion-alerts': OWN_COMPANY,
  'PUT /api/companies/:id/suggestion-alerts': OWN_COMPANY,
  'POST /api/match-requests': ANY_COMPANY,
  'GET /api/match-requests': ANY_COMPANY,
  'POST /api/match-requests/:id/withdraw': ANY_COMPANY,
  'GET /api/officer/match-requests': STAFF,
  'POST /api/officer/match-requests': {
    allowed: OWN_CITY_OR_HOME_OFFICE(),
    body: ({ company, partner }) => ({ requesterCompanyId: company.id, targetCompanyId: partner.id, purpose: 'distribution', message: MESSAGE }),
  },
  'POST /api/officer/match-requests/decisions': STAFF,
  'POST /api/officer/match-requests/:id/approve': REQUEST_DECISION,
  'POST /api/officer/match-requests/:id/reject': { ...REQUEST_DECISION, body: () => ({ reason: 'The partner does not fit this request.' }) },
  'GET /api/officer/stats': STAFF,
  'GET /api/officer/stats.csv': STAFF,
  'GET /api/officer/emails': HOME_OFFICE,
  'GET /api/officer/emails/:id': HOME_OFFICE,
  'GET /api/officer/emails/:id/eml': HOME_OFFICE,
  'POST /api/officer/emails/:id/retry': HOME_OFFICE,
  'POST /api/officer/emails/:id/recipients/:recipientId/retry': HOME_OFFICE,
  'POST /api/officer/emails/:id/confirm-delivered': HOME_OFFICE,
  'GET /api/auth/me/notifications': STAFF,
  'PUT /api/auth/me/notifications': STAFF,
  'GET /api/legal-notices/:kind': EVERYONE,
  'GET /api/admin/legal-notices/:kind': ADMIN,
  'PUT /api/admin/legal-notices/:kind/draft': ADMIN,
  'POST /api/admin/legal-notices/:kind/publish': ADMIN,
  'GET /': EVERYONE,
  'GET /datenschutz': EVERYONE,
  'GET /privacy': EVERYONE,
  'GET /impressum': EVERYONE,
  'GET /legal-notice': EVERYONE,
  'GET /barrierefreiheit': EVERYONE,
  'GET /accessibility': EVERYONE,
  'GET /cities': EVERYONE,
  'GET /directory': EVERYONE,
  'GET /directory/:id': EVERYONE,
  'POST /logout': EVERYONE,
  'GET /register': EVERYONE,
  'POST /register': EVERYONE,
  'GET /companies/verify': EVERYONE,
  'POST /companies/verify': EVERYONE,
  'GET /companies/email-change': EVERYONE,
  'POST /companies/email-change': EVERYONE,
  'GET /companies/login': EVERYONE,
  'POST /companies/login': EVERYONE,
  'POST /companies/login/confirm': EVERYONE,
  'GET /companies/listing': EVERYONE,
  'POST /companies/listing': EVERYONE,
  'GET /assets/profile-form.js': EVERYONE,
  'GET /companies/area': ANY_COMPANY,
  'POST /companies/area/:action': ANY_COMPANY,
  'POST /companies/alerts': ANY_COMPANY,
  'POST /companies/china-transfer': ANY_COMPANY,
  'GET /companies/export': ANY_COMPANY,
  'POST /companies/delete': ANY_COMPANY,
  'POST /companies/privacy-confirmation': ANY_COMPANY,
  'GET /companies/profile': ANY_COMPANY,
  'POST /companies/profile': ANY_COMPANY,
  'GET /companies/suggestions': ANY_COMPANY,
  'GET /companies/match-requests/new': ANY_COMPANY,
  'POST /companies/match-requests': ANY_COMPANY,
  'GET /companies/match-requests': ANY_COMPANY,
  'POST /companies/match-requests/:id/withdraw': ANY_COMPANY,
  'GET /auth/set-password': EVERYONE,
  'POST /auth/set-password': EVERYONE,
  'GET /respond/:token': EVERYONE,
  'POST /respond/:token': EVERYONE,
  'GET /officer/login': EVERYONE,
  'POST /officer/login': EVERYONE,
  'GET /officer': STAFF,
  'GET /officer/notifications': STAFF,
  'POST /officer/notifications': STAFF,
  'GET /officer/companies': HOME_OFFICE,
  'POST /officer/companies/:id/approve': { allowed: everywhere(HOME_OFFICE) },
  'POST /officer/companies/:id/reject': { allowed: everywhere(HOME_OFFICE), body: () => ({ reason: 'Not located in an ISA member city.' }) },
  'GET /officer/match-requests': STAFF,
  'POST /officer/match-requests/decisions': STAFF,
  'POST /officer/match-requests/:id/approve': REQUEST_DECISION,
  'POST /officer/match-requests/:id/reject': { ...REQUEST_DECISION, body: () => ({ reason: 'The partner does not fit this request.' }) },
  'GET /officer/emails': HOME_OFFICE,
  'POST /officer/emails/:id/retry': HOME_OFFICE,
  'POST /officer/emails/:id/recipients/:recipientId/retry': HOME_OFFICE,
  'POST /officer/emails/:id/confirm-delivered': HOME_OFFICE,
  'GET /officer/cities': STAFF,
  'GET /officer/cities/:slug': { allowed: OWN_CITY_OR_HOME_OFFICE() },
  'POST /officer/cities/:slug': { allowed: OWN_CITY_OR_HOME_OFFICE(), body: () => OFFICE_CONTACT },
  'GET /officer/import': HOME_OFFICE,
  'POST /officer/import': HOME_OFFICE,
  'GET /officer/import/:id': HOME_OFFICE,
  'GET /officer/audit': HOME_OFFICE,
  'GET /officer/stats': STAFF,
  'GET /officer/officers': ADMIN,
  'POST /officer/officers': ADMIN,
  'POST /officer/officers/:id': ADMIN,
  'GET /officer/legal-notices': ADMIN,
  'GET /officer/legal-notices/:kind': ADMIN,
  'POST /officer/legal-notices/:kind': ADMIN,
  'POST /officer/legal-notices/:kind/publish': ADMIN,
};

/** HTML pages for people, not API operations: they are left out of OpenAPI. */
const isPage = (route: string) => !/^[A-Z]+ \/(api|health)\b/.test(route);

interface Route {
  method: string;
  path: string;
  hasRules: boolean;
}

function joinPath(...parts: string[]): string {
  return `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;
}

/** Every HTTP route the application registers, read from Nest's controller metadata. */
function registeredRoutes(app: NestExpressApplication): Route[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  return discovery.getControllers().flatMap((wrapper) => {
    const controller = wrapper.metatype as new (...args: unknown[]) => unknown;
    const prototype = controller.prototype as Record<string, unknown>;
    const basePath: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name] as object;
      const routePath: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
      if (routePath === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const hasRules = Reflect.getMetadata(ACCESS_RULES, handler) !== undefined || Reflect.getMetadata(ACCESS_RULES, controller) !== undefined;
      return [{ method, path: joinPath(basePath, routePath), hasRules }];
    });
  });
}

const PLACES: Record<Place, { slug: string; partnerSlug: string }> = {
  home: { slug: 'bad-homburg', partnerSlug: 'hamburg' },
  german: { slug: 'koeln', partnerSlug: 'bad-homburg' },
  chinese: { slug: 'foshan', partnerSlug: 'bad-homburg' },
};
const STAFF_CITIES: Record<'homeOfficer' | 'germanOfficer' | 'chineseOfficer' | 'admin', string> = {
  homeOfficer: PLACES.home.slug,
  germanOfficer: PLACES.german.slug,
  chineseOfficer: PLACES.chinese.slug,
  admin: PLACES.home.slug,
};

/**
 * What a scoped route names, in one place: a company of that city, a partner company elsewhere, the request waiting
 * for review between the two (asked by the Bad Homburg side), and the member city (its office contact kept).
 */
interface Subject {
  company: Company;
  partner: Company;
  request: MatchRequest;
  slug: string;
}

function expectedOutcome(expectation: Role[] | Scoped, role: Role, place: Place): Outcome {
  const allowed = Array.isArray(expectation) ? expectation : expectation.allowed[place];
  if (allowed.includes(role)) return 'allowed';
  if (role === 'anonymous') return 401;
  return !Array.isArray(expectation) && expectation.hidden?.[place]?.includes(role) ? 404 : 403;
}

/**
 * Pages send a visitor without a session to the sign-in page instead of answering 401, and the request review pages go
 * back to the queue with each decision's answer in the address (…&r=<id>:403).
 */
function outcomeOf(status: number, location: string | undefined, strict: boolean): Outcome {
  if (status === 401 || (status === 303 && /^\/(companies|officer)\/login\?next=/.test(location ?? ''))) return 401;
  const decided = status === 303 ? /[?&]r=[^&]*%3A(40[34])/.exec(location ?? '') : null;
  if (decided) return Number(decided[1]) as 403 | 404;
  if (status === 403) return 403;
  return strict && status === 404 ? 404 : 'allowed';
}

describe('Authorization matrix (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let routes: Route[];
  let sessions: SessionService;
  const staffIds = new Map<Role, string>();

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    routes = registeredRoutes(app);
    sessions = app.get(SessionService);
    for (const [role, citySlug] of Object.entries(STAFF_CITIES)) {
      const user = await createStaffUser(app, { role: role === 'admin' ? UserRole.Admin : UserRole.Officer, citySlug });
      staffIds.set(role as Role, user.id);
    }
  });

  /** A new session per request: some routes (logout, erasure) end the session they are called with. */
  async function tokenFor(role: Role, ownCompanyId: string, otherCompanyId: string): Promise<string | undefined> {
    const manager = dataSource.manager;
    if (role === 'anonymous') return undefined;
    if (role === 'ownCompany') return (await sessions.create(manager, { type: 'company', companyId: ownCompanyId }, {})).token;
    if (role === 'otherCompany') return (await sessions.create(manager, { type: 'company', companyId: otherCompanyId }, {})).token;
    return (await sessions.create(manager, { type: 'user', userId: staffIds.get(role)! }, {})).token;
  }

  async function subjectIn(place: Place): Promise<Subject> {
    const { slug, partnerSlug } = PLACES[place];
    const [company, partner] = await Promise.all([createActiveCompany(app, {}, slug), createActiveCompany(app, {}, partnerSlug)]);
    const [requester, target] = place === 'home' ? [company, partner] : [partner, company];
    const request = await dataSource.getRepository(MatchRequest).save({
      requesterCompanyId: requester.id,
      targetCompanyId: target.id,
      origin: MatchRequestOrigin.Company,
      purpose: CooperationType.Distribution,
      message: MESSAGE,
      score: 50,
    });
    const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
    await dataSource.getRepository(OfficeContact).save({ cityId: city.id, ...OFFICE_CONTACT, introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    return { company, partner, request, slug };
  }

  async function call(method: string, url: string, role: Role, ownCompanyId: string, otherCompanyId: string, body: object) {
    const token = await tokenFor(role, ownCompanyId, otherCompanyId);
    let pending = request(app.getHttpServer())[method.toLowerCase() as 'get'](url).set('x-forwarded-for', `203.0.113.${EVERYONE.indexOf(role) + 1}`);
    if (token) pending = pending.set('authorization', `Bearer ${token}`);
    if (method !== 'GET') pending = pending.send(body);
    const { status, headers } = await pending;
    return { status, location: headers.location as string | undefined };
  }

  afterAll(async () => {
    await app.close();
  });

  it('has an expected access entry for every registered route, and every route declares its rules', () => {
    const registered = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(registered).toEqual(Object.keys(EXPECTED_ACCESS).sort());
    expect(routes.filter((route) => !route.hasRules)).toEqual([]);
  });

  it('documents every registered route in OpenAPI', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    for (const route of routes.filter((candidate) => !isPage(`${candidate.method} ${candidate.path}`))) {
      const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
      expect({ route: `${route.method} ${route.path}`, documented: Boolean(document.paths[openApiPath]?.[route.method.toLowerCase()]) }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
    }
  });

  const unscoped = Object.entries(EXPECTED_ACCESS).filter((entry): entry is [string, Role[]] => Array.isArray(entry[1]));
  const scoped = Object.entries(EXPECTED_ACCESS).filter((entry): entry is [string, Scoped] => !Array.isArray(entry[1]));

  it.each(unscoped)('%s: allows exactly %j', async (route, allowed) => {
    // Erasure and logout end sessions: every route gets fresh companies and sessions.
    const [method, path] = route.split(' ');
    const ownCompany = await createActiveCompany(app);
    const otherCompany = await createActiveCompany(app);
    const id = path.startsWith('/api/companies/') ? ownCompany.id : randomUUID();
    const url = path.replace(':slug', 'koeln').replace(':id', id);
    for (const role of EVERYONE) {
      const { status, location } = await call(method, url, role, ownCompany.id, otherCompany.id, {});
      expect({ role, outcome: outcomeOf(status, location, false) }).toEqual({ role, outcome: expectedOutcome(allowed, role, 'home') });
    }
  });

  it.each(scoped)('%s: answers each role as expected for a subject in the home city, a German and a Chinese member city', async (route, expectation) => {
    const [method, path] = route.split(' ');
    for (const place of Object.keys(PLACES) as Place[]) {
      for (const role of EVERYONE) {
        // Fresh subjects for every call: an allowed erasure or decision must not change what the next role meets.
        const subject = await subjectIn(place);
        const id = path.includes('match-requests/:id') ? subject.request.id : subject.company.id;
        const url = path.replace(':slug', subject.slug).replace(':id', id);
        const { status, location } = await call(method, url, role, subject.company.id, subject.partner.id, expectation.body?.(subject) ?? {});
        expect({ place, role, outcome: outcomeOf(status, location, true) }).toEqual({ place, role, outcome: expectedOutcome(expectation, role, place) });
      }
    }
  });
});
