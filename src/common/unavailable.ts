// PostgreSQL refusing or dropping connections (shutdown, restart, too many clients), or the pool giving up waiting.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
// TypeORM releases a transaction's connection when PostgreSQL drops it; the statements after it then fail like this
// (raw queries through the transaction's manager with the "Provider" variant).
const UNAVAILABLE_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError', 'ConnectionIsNotSetError']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Client has encountered a connection error/i, /not queryable/i];

/** Whether an error means a service the platform depends on is briefly away (answer 503), rather than a bug (500). */
export function isServiceUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; depth += 1) {
    if (typeof (current as { name?: unknown }).name === 'string' && UNAVAILABLE_NAMES.has((current as { name: string }).name)) return true;
    if (typeof current.code === 'string' && (UNAVAILABLE_SQLSTATES.has(current.code) || UNAVAILABLE_CODES.has(current.code))) return true;
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current!.message as string))) return true;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}

export const RETRY_AFTER_SECONDS = 5;

/** The wait a refusal names in its body (`retryAfterSeconds`, as the login and sign-in link limits give it), for Retry-After. */
export function retryAfterOf(exception: unknown): number | null {
  if (!exception || typeof exception !== 'object' || typeof (exception as { getResponse?: unknown }).getResponse !== 'function') return null;
  const body = (exception as { getResponse: () => unknown }).getResponse() as { retryAfterSeconds?: unknown } | string;
  const seconds = typeof body === 'object' && body !== null ? body.retryAfterSeconds : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}
