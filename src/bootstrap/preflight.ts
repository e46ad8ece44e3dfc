import { Client, DatabaseError } from 'pg';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { buildDataSourceOptions } from '../database/data-source';
import { runPendingMigrations } from '../database/migrate';
import { describeAddress, redisOptionsFromUrl } from '../redis/redis-connection';

const CONNECT_TIMEOUT_MS = 3000;

/** A start-up problem that is reported as one line, without a stack trace. */
export class StartupError extends Error {}

function errorCode(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return errorCode(error.errors[0]);
  const code = (error as { code?: string }).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

export async function ensurePostgresReachable(databaseUrl: string): Promise<void> {
  const address = describeAddress(databaseUrl, 5432);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    if (error instanceof DatabaseError && error.code === '3D000') return createDatabase(databaseUrl);
    if (error instanceof DatabaseError) {
      throw new StartupError(`DATABASE_URL: PostgreSQL at ${address} refused the connection: ${error.message}. Check the user and password in DATABASE_URL.`);
    }
    throw new StartupError(
      `DATABASE_URL: cannot reach PostgreSQL at ${address} (${errorCode(error)}). Start it with \`docker compose -f compose.services.yml up -d postgres\` or point DATABASE_URL at a running server.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh machine has the server but not yet the database: create it, as a newcomer would by hand. */
async function createDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const databaseName = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${databaseName.replace(/"/g, '""')}"`);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === '42P04') return; // created meanwhile by another process
    throw new StartupError(`DATABASE_URL: database "${databaseName}" does not exist and could not be created (${errorCode(error)}). Create it with \`createdb ${databaseName}\`.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureRedisReachable(redisUrl: string): Promise<void> {
  const redis = new Redis({
    ...redisOptionsFromUrl(redisUrl),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let connectionError: unknown;
  redis.on('error', (error) => (connectionError ??= error)); // reported below, once
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError(
      `REDIS_URL: cannot reach Redis at ${describeAddress(redisUrl, 6379)} (${errorCode(connectionError ?? error)}). Start it with \`docker compose -f compose.services.yml up -d redis\` or point REDIS_URL at a running server.`,
    );
  } finally {
    redis.disconnect();
  }
}

async function ensureHomeCityExists(dataSource: DataSource, homeCity: string): Promise<void> {
  const [row] = await dataSource.query(`SELECT count(*)::int AS count FROM cities WHERE slug = $1`, [homeCity]);
  if (row.count === 0) {
    throw new StartupError(`HOME_CITY: no ISA member city has the slug "${homeCity}". Use one of the slugs listed by GET /api/cities, e.g. bad-homburg.`);
  }
}

/**
 * Everything that must hold before a process starts: reachable services, an up-to-date schema
 * (unless DATABASE_MIGRATE=false) and a known home city. Returns the migrations it applied.
 */
export async function preflight(environment: Environment): Promise<string[]> {
  await ensurePostgresReachable(environment.DATABASE_URL);
  await ensureRedisReachable(environment.REDIS_URL);
  const dataSource = await new DataSource(buildDataSourceOptions(environment.DATABASE_URL)).initialize();
  try {
    const applied = environment.DATABASE_MIGRATE ? await runPendingMigrations(dataSource) : [];
    await ensureHomeCityExists(dataSource, environment.HOME_CITY);
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
