import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Session } from '../../src/auth/session.entity';
import { currentTotpStep, totpAt } from '../../src/auth/totp';
import { User } from '../../src/auth/user.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { UserRole } from '../../src/common/principal';
import { createStaffUser, TEST_PASSWORD } from '../factories/staff.factory';
import { bearerTokenFor, clientAddress, PUBLIC_ORIGIN, sessionCookieFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { lastOutboxMessage, tokenFromLink } from '../utils/outbox';

describe('Officer and admin login, sessions and second factor (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const login = (body: Record<string, unknown>, address = clientAddress()) =>
    http().post('/api/auth/login').set('origin', PUBLIC_ORIGIN).set('x-forwarded-for', address).send(body);
  const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

  describe('login', () => {
    it('sets an httpOnly, SameSite session cookie and reports who signed in', async () => {
      const officer = await createStaffUser(app);
      const response = await login({ email: officer.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
      expect(response.body.principal).toMatchObject({ type: 'user', userId: officer.id, role: 'officer', cityId: officer.cityId });
      const cookie = ([] as string[]).concat(response.headers['set-cookie'])[0];
      expect(cookie).toMatch(/^isa_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http:// in tests
      expect(response.body.token).toBeUndefined();
    });

    it('stores only a hash of the session token', async () => {
      const officer = await createStaffUser(app);
      const token = await bearerTokenFor(app, officer.email);
      const stored = await dataSource.getRepository(Session).findOneByOrFail({ userId: officer.id });
      expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.tokenHash).not.toContain(token);
    });

    it('answers a wrong password and an unknown email identically', async () => {
      const officer = await createStaffUser(app);
      const wrongPassword = await login({ email: officer.email, password: 'not the password' }).expect(401);
      const unknownEmail = await login({ email: 'nobody@example.org', password: 'not the password' }).expect(401);
      expect(withoutRequestId(wrongPassword.body)).toEqual(withoutRequestId(unknownEmail.body));
      expect(wrongPassword.body.message).toBe('Invalid email, password or code.');
    });

    it('slows down the client that guesses, not the account: after five failures that client waits, the owner signs in from elsewhere', async () => {
      const officer = await createStaffUser(app);
      const guesser = clientAddress();
      for (let attempt = 0; attempt < 5; attempt += 1) await login({ email: officer.email, password: 'wrong password!' }, guesser).expect(401);
      const slowed = await login({ email: officer.email, password: TEST_PASSWORD }, guesser).expect(429);
      expect(slowed.body.message).toMatch(/Try again in 1 minute/);
      // Clients and proxies read the wait from Retry-After, in the API and on the sign-in page alike.
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
      const page = await http().post('/officer/login').set('x-forwarded-for', guesser).set('origin', PUBLIC_ORIGIN).type('form').send({ email: officer.email, password: TEST_PASSWORD });
      expect(page.status).toBe(429);
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      // The same answer for an address that has no account: the wait says nothing about who exists.
      const nobody = clientAddress();
      for (let attempt = 0; attempt < 5; attempt += 1) await login({ email: 'nobody.at.all@example.org', password: 'wrong password!' }, nobody).expect(401);
      expect(withoutRequestId((await login({ email: 'nobody.at.all@example.org', password: 'wrong password!' }, nobody).expect(429)).body)).toEqual(withoutRequestId(slowed.body));

      await login({ email: officer.email, password: TEST_PASSWORD }).expect(200);
      const user = await dataSource.getRepository(User).findOneByOrFail({ id: officer.id });
      expect(user).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
      expect(await dataSource.getRepository(AuditEntry).countBy({ action: 'auth.login_failed', subjectId: officer.id })).toBe(5);
    });

    it('locks the account for everyone only after fifty failures from many clients, without saying so, and tells the officer by email', async () => {
      const officer = await createStaffUser(app);
      for (let client = 0; client < 10; client += 1) {
        const address = clientAddress();
        for (let attempt = 0; attempt < 5; attempt += 1) await login({ email: officer.email, password: 'wrong password!' }, address).expect(401);
      }
      const locked = await login({ email: officer.email, password: TEST_PASSWORD }).expect(401);
      expect(locked.body.message).toBe('Invalid email, password or code.');
      const user = await dataSource.getRepository(User).findOneByOrFail({ id: officer.id });
      expect(user.failedLoginCount).toBe(50);
      expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
      const told = await dataSource.query(`SELECT language, payload FROM outbox_messages WHERE template = 'officer_account_locked' AND recipient = $1`, [officer.email]);
      expect(told).toEqual([{ language: 'de', payload: { displayName: officer.displayName, failedAttempts: 50, lockedMinutes: 15 } }]);

      await dataSource.getRepository(User).update(officer.id, { lockedUntil: new Date(Date.now() - 1000) });
      await login({ email: officer.email, password: TEST_PASSWORD }).expect(200);
      expect((await dataSource.getRepository(User).findOneByOrFail({ id: officer.id })).failedLoginCount).toBe(0);
    });

    it('refuses disabled accounts like wrong passwords', async () => {
      const officer = await createStaffUser(app);
      await dataSource.getRepository(User).update(officer.id, { disabledAt: new Date() });
      const response = await login({ email: officer.email, password: TEST_PASSWORD }).expect(401);
      expect(response.body.message).toBe('Invalid email, password or code.');
    });

    it('counts an IPv6 client by its /64 network, which one subscriber holds whole: new addresses from it do not start afresh', async () => {
      const officer = await createStaffUser(app);
      const network = `2001:db8:${(Date.now() % 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
      for (let attempt = 1; attempt <= 5; attempt += 1) await login({ email: officer.email, password: 'wrong password!' }, `${network}::${attempt}`).expect(401);
      await login({ email: officer.email, password: TEST_PASSWORD }, `${network}:0:0:0:abcd`).expect(429);
      // Another network, and the owner, are not slowed down.
      await login({ email: officer.email, password: TEST_PASSWORD }, `2001:db8:ffff:${Math.floor(Math.random() * 0xffff).toString(16)}::1`).expect(200);
    });

    it('rate-limits login attempts from one address with 429', async () => {
      const address = clientAddress();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 12; attempt += 1) {
        // A different account each time: the per-account wait does not come into it.
        statuses.push((await login({ email: `nobody.${attempt}@example.org`, password: 'whatever it is' }, address)).status);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses.slice(10)).toEqual([429, 429]);
    });

    it('validates the login body and names the fields', async () => {
      const response = await login({ email: 'not-an-email', password: 5, extra: true }).expect(400);
      expect([...new Set(response.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['email', 'extra', 'password']);
    });
  });

  describe('sessions', () => {
    it('works with the cookie and with a bearer token', async () => {
      const officer = await createStaffUser(app);
      const cookie = await sessionCookieFor(app, officer.email);
      const token = await bearerTokenFor(app, officer.email);
      await http().get('/api/auth/me').set('cookie', cookie).expect(200, { type: 'user', userId: officer.id, role: 'officer', cityId: officer.cityId, companyId: null });
      await http().get('/api/auth/me').set('authorization', `Bearer ${token}`).expect(200);
      await http().get('/api/auth/me').expect(401);
      await http().get('/api/auth/me').set('authorization', 'Bearer forged-token').expect(401);
    });

    it('ends after the idle timeout and after the absolute timeout', async () => {
      const officer = await createStaffUser(app);
      const idle = await bearerTokenFor(app, officer.email);
      await dataSource.getRepository(Session).update({ userId: officer.id }, { lastSeenAt: new Date(Date.now() - 31 * 60_000) });
      await http().get('/api/auth/me').set('authorization', `Bearer ${idle}`).expect(401);

      const old = await bearerTokenFor(app, officer.email);
      await dataSource.getRepository(Session).update({ userId: officer.id }, { expiresAt: new Date(Date.now() - 1000) });
      await http().get('/api/auth/me').set('authorization', `Bearer ${old}`).expect(401);
    });

    it('logs out one session, or every session of the account', async () => {
      const officer = await createStaffUser(app);
      const [laptop, phone, tablet] = await Promise.all([1, 2, 3].map(() => bearerTokenFor(app, officer.email)));
      await http().post('/api/auth/logout').set('authorization', `Bearer ${laptop}`).expect(204);
      await http().get('/api/auth/me').set('authorization', `Bearer ${laptop}`).expect(401);
      await http().get('/api/auth/me').set('authorization', `Bearer ${phone}`).expect(200);
      await http().post('/api/auth/logout-everywhere').set('authorization', `Bearer ${phone}`).expect(204);
      await http().get('/api/auth/me').set('authorization', `Bearer ${phone}`).expect(401);
      await http().get('/api/auth/me').set('authorization', `Bearer ${tablet}`).expect(401);
    });
  });

  describe('cross-site requests', () => {
    it('refuses a cookie-authenticated write without Origin or from another site', async () => {
      const officer = await createStaffUser(app);
      const cookie = await sessionCookieFor(app, officer.email);
      const noOrigin = await http().post('/api/auth/logout').set('cookie', cookie).expect(403);
      expect(noOrigin.body.message).toBe('Cross-site request refused.');
      await http().post('/api/auth/logout').set('cookie', cookie).set('origin', 'https://evil.example').expect(403);
      await http().post('/api/auth/logout').set('cookie', cookie).set('referer', 'https://evil.example/page').expect(403);
      await http().get('/api/auth/me').set('cookie', cookie).expect(200);
      await http().post('/api/auth/logout').set('cookie', cookie).set('origin', PUBLIC_ORIGIN).expect(204);
    });

    it('refuses a login form posted from another site', async () => {
      await http().post('/api/auth/login').set('origin', 'https://evil.example').send({ email: 'a@b.de', password: 'x' }).expect(403);
    });

    it('lets API clients with a bearer token write without an Origin', async () => {
      const officer = await createStaffUser(app);
      const token = await bearerTokenFor(app, officer.email);
      await http().post('/api/auth/logout').set('authorization', `Bearer ${token}`).expect(204);
    });
  });

  describe('second factor (TOTP)', () => {
    it('is set up with a confirmed code, then required at login, and a code works only once', async () => {
      const officer = await createStaffUser(app);
      const token = await bearerTokenFor(app, officer.email);
      const auth = { authorization: `Bearer ${token}` };
      const setup = await http().post('/api/auth/totp').set(auth).expect(201);
      expect(setup.body.otpauthUri).toContain(encodeURIComponent(officer.email));
      const stored = await dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.totpSecret').where('u.id = :id', { id: officer.id }).getOneOrFail();
      expect(stored.totpSecret).not.toContain(setup.body.secret);

      await http().post('/api/auth/totp/confirm').set(auth).send({ code: '000000' === totpAt(setup.body.secret, currentTotpStep()) ? '111111' : '000000' }).expect(422);
      await http().post('/api/auth/totp/confirm').set(auth).send({ code: totpAt(setup.body.secret, currentTotpStep()) }).expect(204);

      const withoutCode = await login({ email: officer.email, password: TEST_PASSWORD }).expect(401);
      expect(withoutCode.body.secondFactorRequired).toBe(true);
      const nextCode = totpAt(setup.body.secret, currentTotpStep() + 1);
      await login({ email: officer.email, password: TEST_PASSWORD, totpCode: nextCode }).expect(200);
      const replay = await login({ email: officer.email, password: TEST_PASSWORD, totpCode: nextCode }).expect(401);
      expect(replay.body.message).toBe('Invalid email, password or code.');

      await http().delete('/api/auth/totp').set(auth).send({ code: '12' }).expect(400);
      await http().delete('/api/auth/totp').set(auth).send({ code: nextCode }).expect(204);
      await login({ email: officer.email, password: TEST_PASSWORD }).expect(200);
      const actions = (await dataSource.getRepository(AuditEntry).findBy({ subjectId: officer.id })).map((entry) => entry.action);
      expect(actions).toEqual(expect.arrayContaining(['user.totp_enabled', 'user.totp_disabled', 'auth.logged_in']));
    });
  });

  describe('password set-up links', () => {
    it('sets the password once; the link cannot be used again', async () => {
      const admin = await createStaffUser(app, { role: UserRole.Admin });
      const adminToken = await bearerTokenFor(app, admin.email);
      const invited = await http()
        .post('/api/admin/officers')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ email: 'New.Officer@Bad-Homburg.de', displayName: 'New Officer', citySlug: 'bad-homburg' })
        .expect(201);
      expect(invited.body).toMatchObject({ email: 'new.officer@bad-homburg.de', role: 'officer', citySlug: 'bad-homburg', passwordSet: false });

      const token = tokenFromLink(await lastOutboxMessage(app, 'officer_invitation', 'new.officer@bad-homburg.de'));
      const setPassword = (password: string) => http().post('/api/auth/password').set('x-forwarded-for', clientAddress()).send({ token, password });
      expect((await setPassword('short').expect(400)).body.errors[0]).toEqual({ field: 'password', message: 'password must be at least 12 characters long' });
      await setPassword('a long and new password').expect(204);
      const reused = await setPassword('another long password').expect(422);
      expect(reused.body).toMatchObject({ field: 'token', message: 'This link is invalid, expired or already used.' });
      await login({ email: 'new.officer@bad-homburg.de', password: 'a long and new password' }).expect(200);
    });

    it('refuses an expired link', async () => {
      const admin = await createStaffUser(app, { role: UserRole.Admin });
      const adminToken = await bearerTokenFor(app, admin.email);
      await http()
        .post('/api/admin/officers')
        .set('authorization', `Bearer ${adminToken}`)
        .send({ email: 'late.officer@bad-homburg.de', displayName: 'Late Officer', citySlug: 'bad-homburg' })
        .expect(201);
      const token = tokenFromLink(await lastOutboxMessage(app, 'officer_invitation', 'late.officer@bad-homburg.de'));
      await dataSource.query(`UPDATE auth_tokens SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE used_at IS NULL`);
      await http().post('/api/auth/password').set('x-forwarded-for', clientAddress()).send({ token, password: 'a long and new password' }).expect(422);
    });
  });
});
