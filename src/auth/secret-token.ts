import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe: for session and email tokens. */
export function generateSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored; the token itself exists in the cookie or the email link. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
