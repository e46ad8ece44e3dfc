import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createActiveCompany } from '../factories/company.factory';
import { UserRole } from '../../src/common/principal';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { sessionCookieFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

describe('Platform: health, OpenAPI, request ids and errors (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('reports liveness without touching dependencies', async () => {
    expect((await http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('reports readiness with PostgreSQL and Redis up', async () => {
    const response = await http().get('/health/ready').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves the OpenAPI document at /docs-json with a summary for every operation and both ways to authenticate', async () => {
    const response = await http().get('/docs-json').expect(200);
    expect(response.body.info.title).toBe('ISA Match API');
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/cities', '/api/cities/resolve', '/health', '/health/ready']));
    expect(Object.keys(response.body.components.securitySchemes).sort()).toEqual(['bearer', 'isa_session']);
    for (const [path, operations] of Object.entries<Record<string, { summary?: string }>>(response.body.paths)) {
      for (const operation of Object.values(operations)) expect({ path, summary: operation.summary }).toEqual({ path, summary: expect.any(String) });
    }
  });

  it('keeps the Origin header on our own form posts (referrer policy same-origin, not no-referrer)', async () => {
    const response = await http().get('/').expect(200);
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });

  it('shows the queue dashboard to administrators only', async () => {
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    const cookie = await sessionCookieFor(app, admin.email);
    const company = await createActiveCompany(app);
    await http().get('/admin/queues').expect(401);
    await http().get('/admin/queues').set(await companyAuth(app, company.id)).expect(403);
    await http().get('/admin/queues').set('cookie', await sessionCookieFor(app, (await createStaffUser(app)).email)).expect(403);
    const page = await http().get('/admin/queues').set('cookie', cookie).expect(200);
    expect(page.text).toContain('ISA Match queues');
    const queues = await http().get('/admin/queues/api/queues').set('cookie', cookie).expect(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name)).toEqual(expect.arrayContaining(['mail', 'company-imports', 'match-request-deadlines', 'suggestion-alerts']));
    await http().put('/admin/queues/api/queues/mail/pause').set('cookie', cookie).set('origin', 'https://evil.example').expect(403);
  });

  it('serves the OpenAPI UI at /docs', async () => {
    const response = await http().get('/docs').expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('returns a request id on every response and keeps a sane incoming one', async () => {
    const fresh = await http().get('/health').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await http().get('/health').set('x-request-id', 'proxy-abc-12345').expect(200);
    expect(kept.headers['x-request-id']).toBe('proxy-abc-12345');
    const replaced = await http().get('/health').set('x-request-id', 'bad id\twith spaces').expect(200);
    expect(replaced.headers['x-request-id']).not.toBe('bad id\twith spaces');
  });

  it('answers unknown routes with 404 in the common error shape', async () => {
    const response = await http().get('/api/nothing-here').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, requestId: response.headers['x-request-id'] });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await http().post('/api/cities').set('content-type', 'application/json').send('{"broken":').expect(400);
    expect(response.body.statusCode).toBe(400);
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await http().post('/api/cities').set('content-type', 'application/json').send(JSON.stringify({ text: 'x'.repeat(200_000) }));
    expect(response.status).toBe(413);
  });

  it('sends security headers', async () => {
    const response = await http().get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });
});
