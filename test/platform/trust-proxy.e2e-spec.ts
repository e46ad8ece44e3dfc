import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../utils/test-app';

/** The tests reach the app over loopback; here only a proxy at 10.9.9.9 is trusted, so loopback is an ordinary client. */
describe('X-Forwarded-For is believed only from the proxies TRUST_PROXY names (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    process.env.TRUST_PROXY = '10.9.9.9';
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a client that is not a trusted proxy cannot escape the login rate limit by inventing X-Forwarded-For addresses', async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const response = await request(app.getHttpServer())
        .post('/api/auth/tokens')
        .set('x-forwarded-for', `10.20.${attempt}.7`)
        .send({ email: `nobody.${attempt}@bad-homburg.de`, password: 'wrong password, try again' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
