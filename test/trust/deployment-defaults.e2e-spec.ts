import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../src/auth/secret-box';
import { currentTotpStep, generateTotpSecret, totpAt } from '../../src/auth/totp';
import { User } from '../../src/auth/user.entity';
import { UserRole } from '../../src/common/principal';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser, TEST_PASSWORD } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress, sessionCookieFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

/** What a deployment gets without asking: no caching of personal answers, a locked-down dashboard, API docs only on request. */
describe('Deployment defaults (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let mailDirectory: string;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    mailDirectory = await mkdtemp(join(tmpdir(), 'isa-eml-'));
    process.env.MAIL_DIRECTORY = mailDirectory;
    process.env.API_DOCS_PUBLIC = 'false';
    app = await createTestApp();
    dataSource = app.get(DataSource);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app)).email)}` };
  });

  afterAll(async () => {
    await app?.close();
    delete process.env.API_DOCS_PUBLIC;
    delete process.env.MAIL_DIRECTORY;
    await rm(mailDirectory, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  describe('Cache-Control: no-store', () => {
    it('on every answer to a signed-in request, JSON and pages alike', async () => {
      const company = await createActiveCompany(app);
      const auth = await companyAuth(app, company.id);
      for (const [path, credentials] of [
        ['/api/auth/me', auth],
        [`/api/companies/${company.id}/profile`, auth],
        ['/api/officer/match-requests', officerAuth],
        ['/companies/area', auth],
      ] as const) {
        const response = await http().get(path).set(credentials).expect(200);
        expect([path, response.headers['cache-control']]).toEqual([path, 'no-store']);
      }
    });

    it('on exports, CSV files and .eml downloads', async () => {
      const company = await createActiveCompany(app);
      const auth = await companyAuth(app, company.id);
      const message = await dataSource.getRepository(OutboxMessage).save(dataSource.getRepository(OutboxMessage).create({ template: 'company_approved', language: 'de', recipient: company.contactEmail!, cc: [], payload: { legalName: company.legalName } }));
      await writeFile(join(mailDirectory, `${message.id}.eml`), 'Subject: test\r\n\r\nhello\r\n');
      for (const [path, credentials] of [
        [`/api/companies/${company.id}/export`, auth],
        ['/companies/export', auth],
        ['/api/officer/stats.csv', officerAuth],
        ['/api/officer/audit/export.csv', officerAuth],
        [`/api/officer/emails/${message.id}/eml`, officerAuth],
      ] as const) {
        const response = await http().get(path).set(credentials).expect(200);
        expect([path, response.headers['cache-control']]).toEqual([path, 'no-store']);
      }
    });
  });

  it('serves the queue dashboard with a content security policy that forbids framing, no X-Powered-By and no caching', async () => {
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    const cookie = await sessionCookieFor(app, admin.email);
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await http().get(path).set('cookie', cookie).expect(200);
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('has Docker Compose default to production, refuse to start without a secret and publish ports on 127.0.0.1 only', async () => {
    const compose = await readFile(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8');
    const services = await readFile(join(__dirname, '..', '..', 'compose.services.yml'), 'utf8');
    expect(compose).toMatch(/^\s+NODE_ENV: \$\{NODE_ENV:-production\}$/m);
    expect(compose).toMatch(/^\s+SESSION_SECRET: \$\{SESSION_SECRET:\?[^}]+\}$/m);
    expect(compose).not.toMatch(/SESSION_SECRET: \$\{SESSION_SECRET:-/);
    expect(compose).toMatch(/^\s+- compose\.services\.yml$/m);
    const published = [...`${compose}\n${services}`.matchAll(/^\s+- "([^"]+)"$/gm)].map((match) => match[1]).filter((value) => /:\d+$/.test(value));
    expect(published.length).toBeGreaterThanOrEqual(5);
    for (const port of published) expect(port).toMatch(/^(127\.0\.0\.1|\$\{API_BIND:-127\.0\.0\.1\}):/);
  });

  it('keeps /docs and /docs-json private unless API_DOCS_PUBLIC=true', async () => {
    await http().get('/docs').expect(404);
    await http().get('/docs-json').expect(404);
  });

  it('still opens a TOTP seed sealed before keys were separated by purpose, and seals it again under the TOTP key', async () => {
    const officer = await createStaffUser(app);
    const seed = generateTotpSecret();
    const { createCipheriv, hkdfSync, randomBytes } = await import('node:crypto');
    const key = Buffer.from(hkdfSync('sha256', process.env.SESSION_SECRET ?? 'development-only-secret-change-me-in-production', 'isa-match', 'secret-box v1', 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(seed, 'utf8'), cipher.final()]);
    const legacy = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    await dataSource.getRepository(User).update(officer.id, { totpSecret: legacy, totpEnabledAt: new Date() });

    await http().post('/api/auth/tokens').set('x-forwarded-for', clientAddress()).send({ email: officer.email, password: TEST_PASSWORD, totpCode: totpAt(seed, currentTotpStep()) }).expect(201);
    const stored = await dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.totpSecret').where('u.id = :id', { id: officer.id }).getOneOrFail();
    expect(stored.totpSecret).not.toBe(legacy);
    expect(stored.totpSecret!.startsWith('v2.')).toBe(true);
    expect(SecretBox.forPurpose(process.env.SESSION_SECRET ?? 'development-only-secret-change-me-in-production', 'totp').open(stored.totpSecret!)).toBe(seed);
  });
});
