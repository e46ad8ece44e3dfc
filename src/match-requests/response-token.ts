import { createHmac, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'isa-match:partner-response:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, requestId: string): string {
  return createHmac('sha256', secret).update(PURPOSE + requestId).digest('base64url');
}

/**
 * The partner's link to answer an introduction: the request id with an HMAC under the server secret.
 * It can be made again for the reminder, needs no storage, and cannot be guessed from the id.
 */
export function responseToken(secret: string, requestId: string): string {
  return `${requestId}.${signature(secret, requestId)}`;
}

/** The request id a token stands for, or null when it is not one of ours. */
export function verifyResponseToken(secret: string, token: string): string | null {
  const [requestId, given, ...rest] = token.split('.');
  if (rest.length > 0 || !requestId || !given || !UUID.test(requestId)) return null;
  const expected = Buffer.from(signature(secret, requestId));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? requestId : null;
}
