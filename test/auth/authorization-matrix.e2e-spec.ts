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
import { createStaffUser } from '../factories/staff.factory';
import { createTestApp } from '../utils/test-app';

type Role = 'anonymous' | 'company' | 'officer' | 'admin';

const EVERYONE: Role[] = ['anonymous', 'company', 'officer', 'admin'];
const SIGNED_IN: Role[] = ['company', 'officer', 'admin'];
const STAFF: Role[] = ['officer', 'admin'];
const ADMIN: Role[] = ['admin'];

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
};

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
  const tokens = new Map<Role, () => Promise<string | undefined>>();

  beforeAll(async () => {
    app = await createTestApp();
    routes = registeredRoutes(app);
    const sessions = app.get(SessionService);
    const manager = app.get(DataSource).manager;
    const officer = await createStaffUser(app, { role: UserRole.Officer });
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    // A new session per request: some routes (logout) end the session they are called with.
    tokens.set('anonymous', async () => undefined);
    tokens.set('company', async () => (await sessions.create(manager, { type: 'company', companyId: randomUUID() }, {})).token);
    tokens.set('officer', async () => (await sessions.create(manager, { type: 'user', userId: officer.id }, {})).token);
    tokens.set('admin', async () => (await sessions.create(manager, { type: 'user', userId: admin.id }, {})).token);
  });

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
    for (const route of routes) {
      const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
      expect({ route: `${route.method} ${route.path}`, documented: Boolean(document.paths[openApiPath]?.[route.method.toLowerCase()]) }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
    }
  });

  it.each(Object.entries(EXPECTED_ACCESS))('%s: allows exactly %j', async (route, allowed) => {
    const [method, path] = route.split(' ');
    const url = path.replace(':slug', 'koeln').replace(':id', randomUUID());
    for (const role of EVERYONE) {
      const token = await tokens.get(role)!();
      let call = request(app.getHttpServer())[method.toLowerCase() as 'get'](url).set('x-forwarded-for', `203.0.113.${EVERYONE.indexOf(role) + 1}`);
      if (token) call = call.set('authorization', `Bearer ${token}`);
      if (method !== 'GET') call = call.send({});
      const { status } = await call;
      const outcome = status === 401 || status === 403 ? status : 'allowed';
      const expected = allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 401 : 403;
      expect({ role, outcome }).toEqual({ role, outcome: expected });
    }
  });
});
