import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

export enum ProcessRole {
  All = 'all',
  Api = 'api',
  Worker = 'worker',
}

const DEVELOPMENT_SECRET = 'development-only-secret-change-me-in-production';

// Reads the raw value: implicit conversion would already have turned the string "false" into true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw;
  const word = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(word)) return true;
  // Anything else than a known word stays a string, so that validation names the variable.
  return ['0', 'false', 'no', 'off'].includes(word) ? false : raw;
};

/** Every environment variable the platform reads, with local defaults that work on a developer machine. */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsEnum(ProcessRole, { message: 'PROCESS_ROLE must be one of: all, api, worker' })
  PROCESS_ROLE: ProcessRole = ProcessRole.All;

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/isa_match';

  @Transform(toBoolean)
  @IsBoolean({ message: 'DATABASE_MIGRATE must be true or false' })
  DATABASE_MIGRATE: boolean = true;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespace for every Redis key (queues, rate limits), so several installations can share one Redis. */
  @Matches(/^[a-z0-9][a-z0-9:_-]{0,62}$/, { message: 'REDIS_PREFIX must be 1-63 characters of a-z, 0-9, ":", "_" or "-"' })
  REDIS_PREFIX = 'isa';

  /** Unset: emails are written as .eml files to MAIL_DIRECTORY instead of being sent. */
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'ISA Match <no-reply@localhost>';

  @IsString()
  MAIL_DIRECTORY = 'var/mail';

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'HOME_CITY must be a member city slug such as bad-homburg' })
  HOME_CITY = 'bad-homburg';

  /** The master secret: keys for each purpose (TOTP encryption, answer links) are derived from it with HKDF. */
  @IsString()
  @MinLength(32, { message: 'SESSION_SECRET must be at least 32 characters long' })
  SESSION_SECRET = DEVELOPMENT_SECRET;

  /** OpenAPI at /docs and /docs-json; unset: on in development and test, off in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'API_DOCS_PUBLIC must be true or false' })
  API_DOCS_PUBLIC?: boolean;

  /** A session ends after this long without a request. */
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES: number = 30;

  /** A session ends this long after login, however active. */
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS: number = 12;

  /** How often an email is tried before it counts as failed (transient errors only; a 5xx answer fails at once). */
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_RETRY_ATTEMPTS: number = 8;

  /** The first retry waits about this long; each further one twice as long, with jitter. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  MAIL_RETRY_DELAY_MS: number = 30_000;

  /** Emails sent at once by one worker process; the SMTP pool opens as many connections. */
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_CONCURRENCY: number = 16;

  /** How often the relay looks for emails that did not reach the queue (e.g. while Redis was down). */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  OUTBOX_SWEEP_MS: number = 15_000;

  /** A message claimed longer ago than this by a worker that is gone counts as unconfirmed. */
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  MAIL_SEND_TIMEOUT_MS: number = 300_000;

  /** How many introduction requests one company may have open at a time. */
  @IsInt()
  @Min(1)
  @Max(1000)
  MATCH_REQUEST_OPEN_LIMIT: number = 10;

  /** Days a partner has to answer an introduction before it expires. */
  @IsInt()
  @Min(2)
  @Max(365)
  INTRODUCTION_RESPONSE_DAYS: number = 21;

  /** Days after the introduction when the partner is reminded once. */
  @IsInt()
  @Min(1)
  @Max(364)
  INTRODUCTION_REMINDER_DAYS: number = 7;

  /** Days after a request ended (connected, declined, expired, rejected, withdrawn) until its messages and reasons are blanked. */
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_ENDED_REQUEST_DAYS: number = 730;

  /** Days an email that is done with (sent, failed, unconfirmed, cancelled) is kept, with its .eml copy. */
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_EMAIL_DAYS: number = 365;

  /** Days a session that ended (expired or signed out) is kept, with its IP address and browser. */
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_SESSION_DAYS: number = 90;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 100kb or 1mb' })
  BODY_LIMIT = '100kb';

  /** Proxies whose X-Forwarded-For is believed (see parseTrustProxy): a client elsewhere cannot pose as another. */
  @IsString()
  TRUST_PROXY = 'loopback';
}

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A PUBLIC_URL only this machine can reach: the one place where the published development secret may be used. */
function isLocalAddress(publicUrl: string): boolean {
  try {
    const host = new URL(publicUrl).hostname;
    return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** Validates raw variables (process.env or a .env file) and returns typed values with defaults filled in. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const environment = plainToInstance(Environment, present, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = validateSync(environment, { whitelist: false }).flatMap((error) => Object.values(error.constraints ?? {}));
  if (environment.SESSION_SECRET === DEVELOPMENT_SECRET && (environment.NODE_ENV === 'production' || !isLocalAddress(environment.PUBLIC_URL))) {
    problems.push('SESSION_SECRET must be set to a random value of at least 32 characters (e.g. openssl rand -base64 48) whenever PUBLIC_URL is not a localhost address or NODE_ENV=production');
  }
  environment.API_DOCS_PUBLIC ??= environment.NODE_ENV !== 'production';
  if (parseTrustProxy(environment.TRUST_PROXY) === null) {
    problems.push('TRUST_PROXY must be none, or a comma-separated list of addresses, CIDR ranges and loopback, linklocal, uniquelocal');
  }
  if (environment.INTRODUCTION_REMINDER_DAYS >= environment.INTRODUCTION_RESPONSE_DAYS) {
    problems.push('INTRODUCTION_REMINDER_DAYS must be smaller than INTRODUCTION_RESPONSE_DAYS');
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return environment;
}
