import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Environment } from '../../src/config/environment';
import { cloneDatabase, createEmptyDatabase, databaseName, migrate } from './test-database';

/**
 * Each test run migrates one template database; every test file then works on its own copy
 * (see createTestApp) and its own Redis key prefix, so runs and files never see each other's data.
 * The worker processes inherit these variables.
 */
export default async function globalSetup(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || new Environment().DATABASE_URL;
  const templateUrl = await createEmptyDatabase(serverUrl, 'test');
  await migrate(templateUrl);
  const runDatabase = databaseName(templateUrl);
  const renamedTemplate = new URL(templateUrl);
  renamedTemplate.pathname = `/${runDatabase}_template`;
  await renameDatabase(templateUrl, `${runDatabase}_template`);
  process.env.TEST_DATABASE_TEMPLATE_URL = renamedTemplate.toString();
  process.env.TEST_RUN_DATABASE_PREFIX = runDatabase;
  process.env.DATABASE_URL = await cloneDatabase(renamedTemplate.toString());
  process.env.REDIS_PREFIX = `isa-test-${runDatabase.split('_').slice(-2).join('-')}`;
  process.env.TEST_RUN_REDIS_PREFIX = process.env.REDIS_PREFIX;
  // Emails that no test server receives are written here, never into the working tree.
  process.env.MAIL_DIRECTORY = join(tmpdir(), `isa-match-mail-${runDatabase}`);
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL || 'silent';
}

async function renameDatabase(databaseUrl: string, newName: string): Promise<void> {
  const { Client } = await import('pg');
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${databaseName(databaseUrl)}" RENAME TO "${newName}"`);
  } finally {
    await client.end();
  }
}
