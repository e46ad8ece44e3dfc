import { DataSource, Migration } from 'typeorm';

// Any constant works; it only has to be the same for every process of the platform.
const MIGRATION_LOCK_ID = 7_317_2026;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock,
 * so that several API and worker processes starting together migrate exactly once.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lockRunner.release();
  }
}
