import { isIP } from 'node:net';

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Express's `trust proxy`: the proxies whose X-Forwarded-For is believed, so that rate limits count
 * the real client. `none` trusts nobody; otherwise a comma-separated list of addresses, CIDR ranges and the names
 * loopback, linklocal, uniquelocal. Returns null for a value that is none of these.
 */
export function parseTrustProxy(value: string): false | string[] | null {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'none') return false;
  const entries = trimmed.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every(isTrustEntry) ? entries : null;
}

function isTrustEntry(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}
