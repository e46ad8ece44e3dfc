import { Environment } from '../../src/config/environment';
import { createEmptyDatabase, migrate } from './test-database';

/**
 * Each test run gets its own migrated database and its own Redis key prefix,
 * so runs never see each other's data. The worker processes inherit these variables.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || new Environment().DATABASE_URL;
  const databaseUrl = await createEmptyDatabase(serverUrl, 'test');
  await migrate(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_PREFIX = `isa-test-${new URL(databaseUrl).pathname.split('_').slice(-2).join('-')}`;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL || 'silent';
}
