import Redis from 'ioredis';
import { rm } from 'node:fs/promises';
import { Environment } from '../../src/config/environment';
import { dropDatabasesStartingWith } from './test-database';

async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export default async function globalTeardown(): Promise<void> {
  await dropDatabasesStartingWith(process.env.TEST_DATABASE_TEMPLATE_URL!, process.env.TEST_RUN_DATABASE_PREFIX!);
  await deleteRedisKeys(process.env.REDIS_URL || new Environment().REDIS_URL, process.env.TEST_RUN_REDIS_PREFIX!);
  await rm(process.env.MAIL_DIRECTORY!, { recursive: true, force: true });
}
