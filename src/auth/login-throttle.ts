import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { clientKey } from '../common/client-key';
import { Environment } from '../config/environment';
import { REDIS_CLIENT } from '../redis/redis.module';

/** Failures one client may make for one account before it has to wait. */
export const CLIENT_FREE_FAILURES = 5;
const MAX_CLIENT_DELAY_MS = 60 * 60_000;
const FAILURES_REMEMBERED_MS = 24 * 3_600_000;

/** After five failures for one account, that client waits 1, 2, 4 … minutes (at most an hour) before its next try. */
export function clientDelayMs(failures: number): number {
  if (failures < CLIENT_FREE_FAILURES) return 0;
  return Math.min(60_000 * 2 ** (failures - CLIENT_FREE_FAILURES), MAX_CLIENT_DELAY_MS);
}

/**
 * Failed logins counted per client address and account together (in Redis, shared by every API process): a guesser
 * is slowed down without locking the account for its owner elsewhere. The count is kept for any email address, known
 * or not, so that it tells nothing about which accounts exist. While Redis is away it counts nothing, and the
 * account-wide lock in PostgreSQL still guards the account.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: ConfigService<Environment, true>,
  ) {
    this.prefix = `${config.get('REDIS_PREFIX', { infer: true })}:login-failures`;
  }

  /** How long this client still has to wait before trying this account again. */
  async waitMs(email: string, ipAddress: string | undefined): Promise<number> {
    return this.guarded(async () => Math.max(await this.redis.pttl(`${this.key(email, ipAddress)}:wait`), 0), 0);
  }

  async recordFailure(email: string, ipAddress: string | undefined): Promise<void> {
    const key = this.key(email, ipAddress);
    await this.guarded(async () => {
      const [[, failures]] = (await this.redis.multi().incr(key).pexpire(key, FAILURES_REMEMBERED_MS).exec()) as [[Error | null, number], unknown];
      const delay = clientDelayMs(failures);
      if (delay > 0) await this.redis.set(`${key}:wait`, '1', 'PX', delay);
    }, undefined);
  }

  async clear(email: string, ipAddress: string | undefined): Promise<void> {
    const key = this.key(email, ipAddress);
    await this.guarded(() => this.redis.del(key, `${key}:wait`), 0);
  }

  private key(email: string, ipAddress: string | undefined): string {
    return `${this.prefix}:${createHash('sha256').update(`${email.trim().toLowerCase()}\n${clientKey(ipAddress)}`).digest('hex')}`;
  }

  private async guarded<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'Login failures not counted: Redis unavailable');
      return fallback;
    }
  }
}
