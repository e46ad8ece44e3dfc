import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { runPendingMigrations } from '../../src/database/migrate';

export function withDatabase(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

async function onMaintenanceDatabase<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates an empty database with a unique name on the server of serverUrl and returns its URL. */
export async function createEmptyDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `isa_match_${label}_${uniqueSuffix()}`;
  await onMaintenanceDatabase(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

/** A copy of a migrated template database: each test file gets its own, in a fraction of a second. */
export async function cloneDatabase(templateUrl: string): Promise<string> {
  const name = `${databaseName(templateUrl).replace(/_template$/, '')}_${uniqueSuffix()}`;
  await onMaintenanceDatabase(templateUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(templateUrl)}"`));
  return withDatabase(templateUrl, name);
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await onMaintenanceDatabase(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${databaseName(databaseUrl)}" WITH (FORCE)`));
}

/** Drops every database whose name starts with the prefix: the run's template and all its copies. */
export async function dropDatabasesStartingWith(serverUrl: string, prefix: string): Promise<void> {
  const names = await onMaintenanceDatabase(serverUrl, async (client) => {
    const result = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
    return result.rows.map((row) => row.datname);
  });
  for (const name of names) await dropDatabase(withDatabase(serverUrl, name));
}

export async function migrate(databaseUrl: string): Promise<void> {
  const dataSource = await new DataSource(buildDataSourceOptions(databaseUrl)).initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
