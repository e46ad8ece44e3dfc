import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { runPendingMigrations } from '../../src/database/migrate';
import { CHINA_TRANSFER_CONSENT_VERSION, PRIVACY_POLICY_VERSION } from '../../src/companies/consent-terms';
import { GeneratedProfile, MemberCity, ProfileGenerator } from './generator';

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
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

/** A fresh database of the benchmark's own, migrated by the application's own migration runner. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use lower-case letters, digits and _`);
  await onMaintenanceDatabase(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = withDatabase(serverUrl, name);
  const dataSource = await new DataSource(buildDataSourceOptions(url)).initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return url;
}

export async function memberCities(pool: Pool): Promise<MemberCity[]> {
  const { rows } = await pool.query(`SELECT id, slug, country, region_code AS "regionCode", name_de AS "nameDe", name_en AS "nameEn", name_zh AS "nameZh" FROM cities ORDER BY slug`);
  return rows as MemberCity[];
}

export interface LoadReport {
  from: number;
  to: number;
  seconds: number;
  profilesPerSecond: number;
  analyzeSeconds: number;
}

const BATCH = 1_000;

/**
 * Inserts profiles [from, to) in batches of 1,000: one statement per batch turns a JSON array into rows
 * (json_populate_recordset), and writes each profile's consents with it. While PostgreSQL inserts one batch, Node
 * generates the next on a second connection's worth of CPU; two batches are in flight at a time.
 */
export async function loadProfiles(pool: Pool, generator: ProfileGenerator, from: number, to: number, progress?: (done: number) => void): Promise<LoadReport> {
  const started = performance.now();
  const columns = Object.keys(generator.row(generator.profile(0)));
  const columnList = columns.map((column) => `"${column}"`).join(', ');
  const sql = `
    WITH inserted AS (
      INSERT INTO companies (${columnList})
      SELECT ${columnList} FROM json_populate_recordset(NULL::companies, $1::json)
      RETURNING id, created_at
    )
    INSERT INTO company_consents (company_id, kind, version, given_at)
    SELECT id, 'privacy_policy'::consent_kind, $2, created_at FROM inserted
    UNION ALL
    SELECT id, 'china_transfer'::consent_kind, $3, created_at FROM inserted WHERE get_byte(uuid_send(id), 0) < 179`;
  const inFlight = new Set<Promise<unknown>>();
  for (let start = from; start < to; start += BATCH) {
    const rows: Record<string, unknown>[] = [];
    for (let index = start; index < Math.min(start + BATCH, to); index += 1) rows.push(generator.row(generator.profile(index)));
    const insert = pool.query(sql, [JSON.stringify(rows), PRIVACY_POLICY_VERSION, CHINA_TRANSFER_CONSENT_VERSION]).then(() => progress?.(Math.min(start + BATCH, to)));
    inFlight.add(insert);
    void insert.finally(() => inFlight.delete(insert)).catch(() => undefined);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const loaded = performance.now();
  await pool.query('VACUUM (ANALYZE) companies');
  await pool.query('ANALYZE company_consents');
  const seconds = (loaded - started) / 1000;
  return { from, to, seconds, profilesPerSecond: (to - from) / seconds, analyzeSeconds: (performance.now() - loaded) / 1000 };
}

export type { GeneratedProfile };
