import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { runPendingMigrations } from '../../src/database/migrate';

function withDatabase(serverUrl: string, databaseName: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
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

/** Creates an empty database with a unique name on the server of serverUrl and returns its URL. */
export async function createEmptyDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `isa_match_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onMaintenanceDatabase(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  await onMaintenanceDatabase(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function migrate(databaseUrl: string): Promise<void> {
  const dataSource = await new DataSource(buildDataSourceOptions(databaseUrl)).initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
