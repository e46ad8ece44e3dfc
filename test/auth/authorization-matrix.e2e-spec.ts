import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SessionService } from '../../src/auth/session.service';
import { ACCESS_RULES } from '../../src/common/access';
import { UserRole } from '../../src/common/principal';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { createTestApp } from '../utils/test-app';

/** ownCompany: a user of the company named in the route; otherCompany: a user of another company. */
type Role = 'anonymous' | 'ownCompany' | 'otherCompany' | 'officer' | 'admin';

const EVERYONE: Role[] = ['anonymous', 'ownCompany', 'otherCompany', 'officer', 'admin'];
const SIGNED_IN: Role[] = ['ownCompany', 'otherCompany', 'officer', 'admin'];
const STAFF: Role[] = ['officer', 'admin'];
const ADMIN: Role[] = ['admin'];
const OWN_COMPANY: Role[] = ['ownCompany'];
const OWN_COMPANY_OR_STAFF: Role[] = ['ownCompany', 'officer', 'admin'];
const ANY_COMPANY: Role[] = ['ownCompany', 'otherCompany'];

/**
 * Who may call each route. A route that is added without an entry here fails the first test:
 * deciding who may call it is part of adding it.
 */
const EXPECTED_ACCESS: Record<string, Role[]> = {
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
  'GET /api/officer/audit': STAFF,
  'GET /api/officer/audit/export.csv': STAFF,
  'PUT /api/officer/cities/:slug/office-contact': STAFF,
  'DELETE /api/officer/cities/:slug/office-contact': STAFF,
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
  'POST /api/companies/session': EVERYONE,
  'GET /api/companies/:id': EVERYONE,
  'GET /api/companies/:id/profile': OWN_COMPANY_OR_STAFF,
  'PUT /api/companies/:id/profile': OWN_COMPANY,
  'POST /api/companies/:id/pause': OWN_COMPANY,
  'POST /api/companies/:id/resume': OWN_COMPANY,
  'POST /api/companies/:id/renew': OWN_COMPANY,
  'GET /api/companies/:id/export': OWN_COMPANY,
  'PUT /api/companies/:id/consents/china-transfer': OWN_COMPANY,
  'DELETE /api/companies/:id/consents/china-transfer': OWN_COMPANY,
  'DELETE /api/companies/:id': OWN_COMPANY_OR_STAFF,
  'GET /api/officer/companies': STAFF,
  'POST /api/officer/companies/:id/approve': STAFF,
  'POST /api/officer/companies/:id/reject': STAFF,
  'POST /api/officer/companies/import': STAFF,
  'GET /api/officer/companies/imports/:id': STAFF,
  'GET /api/companies/:id/suggestions': OWN_COMPANY_OR_STAFF,
  'GET /api/companies/:id/suggestion-alerts': OWN_COMPANY,
  'PUT /api/companies/:id/suggestion-alerts': OWN_COMPANY,
  'POST /api/match-requests': ANY_COMPANY,
  'GET /api/match-requests': ANY_COMPANY,
  'POST /api/match-requests/:id/withdraw': ANY_COMPANY,
  'GET /api/officer/match-requests': STAFF,
  'POST /api/officer/match-requests': STAFF,
  'POST /api/officer/match-requests/decisions': STAFF,
  'POST /api/officer/match-requests/:id/approve': STAFF,
  'POST /api/officer/match-requests/:id/reject': STAFF,
  'GET /api/officer/stats': STAFF,
  'GET /api/officer/stats.csv': STAFF,
  'GET /api/officer/emails': STAFF,
  'GET /api/officer/emails/:id': STAFF,
  'GET /api/officer/emails/:id/eml': STAFF,
  'POST /api/officer/emails/:id/retry': STAFF,
  'POST /api/officer/emails/:id/confirm-delivered': STAFF,
  'GET /api/auth/me/notifications': STAFF,
  'PUT /api/auth/me/notifications': STAFF,
  'GET /': EVERYONE,
  'GET /cities': EVERYONE,
  'GET /directory': EVERYONE,
  'GET /directory/:id': EVERYONE,
  'POST /logout': EVERYONE,
  'GET /register': EVERYONE,
  'POST /register': EVERYONE,
  'GET /companies/verify': EVERYONE,
  'POST /companies/verify': EVERYONE,
  'GET /companies/login': EVERYONE,
  'POST /companies/login': EVERYONE,
  'POST /companies/login/confirm': EVERYONE,
  'GET /assets/profile-form.js': EVERYONE,
  'GET /companies/area': ANY_COMPANY,
  'POST /companies/area/:action': ANY_COMPANY,
  'POST /companies/alerts': ANY_COMPANY,
  'GET /companies/export': ANY_COMPANY,
  'POST /companies/delete': ANY_COMPANY,
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
  'GET /officer/companies': STAFF,
  'POST /officer/companies/:id/approve': STAFF,
  'POST /officer/companies/:id/reject': STAFF,
  'GET /officer/match-requests': STAFF,
  'POST /officer/match-requests/decisions': STAFF,
  'POST /officer/match-requests/:id/approve': STAFF,
  'POST /officer/match-requests/:id/reject': STAFF,
  'GET /officer/emails': STAFF,
  'POST /officer/emails/:id/retry': STAFF,
  'POST /officer/emails/:id/confirm-delivered': STAFF,
  'GET /officer/cities': STAFF,
  'GET /officer/cities/:slug': STAFF,
  'POST /officer/cities/:slug': STAFF,
  'GET /officer/import': STAFF,
  'POST /officer/import': STAFF,
  'GET /officer/import/:id': STAFF,
  'GET /officer/audit': STAFF,
  'GET /officer/stats': STAFF,
  'GET /officer/officers': ADMIN,
  'POST /officer/officers': ADMIN,
  'POST /officer/officers/:id': ADMIN,
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

describe('Authorization matrix (e2e)', () => {
  let app: NestExpressApplication;
  let routes: Route[];
  let sessions: SessionService;
  let staffTokens: Map<'officer' | 'admin', () => Promise<string>>;

  beforeAll(async () => {
    app = await createTestApp();
    routes = registeredRoutes(app);
    sessions = app.get(SessionService);
    const manager = app.get(DataSource).manager;
    const officer = await createStaffUser(app, { role: UserRole.Officer });
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    staffTokens = new Map([
      ['officer', async () => (await sessions.create(manager, { type: 'user', userId: officer.id }, {})).token],
      ['admin', async () => (await sessions.create(manager, { type: 'user', userId: admin.id }, {})).token],
    ]);
  });

  /** A new session per request: some routes (logout, erasure) end the session they are called with. */
  async function tokenFor(role: Role, ownCompanyId: string, otherCompanyId: string): Promise<string | undefined> {
    const manager = app.get(DataSource).manager;
    if (role === 'anonymous') return undefined;
    if (role === 'ownCompany') return (await sessions.create(manager, { type: 'company', companyId: ownCompanyId }, {})).token;
    if (role === 'otherCompany') return (await sessions.create(manager, { type: 'company', companyId: otherCompanyId }, {})).token;
    return staffTokens.get(role)!();
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

  it.each(Object.entries(EXPECTED_ACCESS))('%s: allows exactly %j', async (route, allowed) => {
    // Erasure and logout end sessions: every route gets fresh companies and sessions.
    const [method, path] = route.split(' ');
    const ownCompany = await createActiveCompany(app);
    const otherCompany = await createActiveCompany(app);
    const id = path.startsWith('/api/companies/') ? ownCompany.id : randomUUID();
    const url = path.replace(':slug', 'koeln').replace(':id', id);
    for (const role of EVERYONE) {
      const token = await tokenFor(role, ownCompany.id, otherCompany.id);
      let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](url).set('x-forwarded-for', `203.0.113.${EVERYONE.indexOf(role) + 1}`);
      if (token) call = call.set('authorization', `Bearer ${token}`);
      if (method !== 'GET') call = call.send({});
      const { status, headers } = await call;
      // Pages send a visitor without a session to the sign-in page instead of answering 401.
      const sentToSignIn = status === 303 && /^\/(companies|officer)\/login\?next=/.test(String(headers.location ?? ''));
      const outcome = status === 401 || sentToSignIn ? 401 : status === 403 ? 403 : 'allowed';
      const expected = allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 401 : 403;
      expect({ role, outcome }).toEqual({ role, outcome: expected });
    }
  });
});
