import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { Environment } from '../config/environment';
import { REDIS_CLIENT } from '../redis/redis.module';
import { clientKey } from './client-key';
import { RedisThrottlerStorage } from '../redis/redis-throttler.storage';

/** A generous default per client address on every route; sensitive routes set tighter limits with @Throttle. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [REDIS_CLIENT, ConfigService],
      useFactory: (redis: Redis, config: ConfigService<Environment, true>) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: 600 }],
        storage: new RedisThrottlerStorage(redis, `${config.get('REDIS_PREFIX', { infer: true })}:throttle`),
        getTracker: (request: Record<string, unknown>) => clientKey(typeof request.ip === 'string' ? request.ip : undefined),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class RateLimitModule {}
