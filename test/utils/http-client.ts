import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_PASSWORD } from '../factories/staff.factory';

export const PUBLIC_ORIGIN = 'http://localhost:3000';

let clientNumber = 0;

/** A distinct client address per caller, so rate limits of one test do not spill into another. */
export function clientAddress(): string {
  clientNumber += 1;
  return `198.51.${Math.floor(clientNumber / 250) % 250}.${(clientNumber % 250) + 1}`;
}

/** Signs in through the API and returns a bearer token. */
export async function bearerTokenFor(app: INestApplication, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await request(app.getHttpServer())
    .post('/api/auth/tokens')
    .set('x-forwarded-for', clientAddress())
    .send({ email, password })
    .expect(201);
  return response.body.token as string;
}

/** Signs in like a browser and returns the session cookie header. */
export async function sessionCookieFor(app: INestApplication, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await request(app.getHttpServer())
    .post('/api/auth/login')
    .set('origin', PUBLIC_ORIGIN)
    .set('x-forwarded-for', clientAddress())
    .send({ email, password })
    .expect(200);
  const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((value) => value.startsWith('isa_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0];
}
