import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import { runPendingMigrations } from '../../src/database/migrate';
import { createEmptyDatabase, dropDatabase } from '../utils/test-database';

const APPLICATION_TABLES = [
  'audit_entries',
  'auth_tokens',
  'cities',
  'city_municipalities',
  'companies',
  'company_consents',
  'company_email_changes',
  'company_imports',
  'legal_notices',
  'match_requests',
  'office_contacts',
  'outbox_messages',
  'outbox_recipients',
  'outbox_secret_links',
  'regions',
  'response_links',
  'sessions',
  'suggestion_alerts',
  'users',
];

describe('Migrations (e2e)', () => {
  let databaseUrl: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    databaseUrl = await createEmptyDatabase(process.env.DATABASE_URL!, 'migrations');
    dataSource = await new DataSource(buildDataSourceOptions(databaseUrl)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(databaseUrl);
  });

  async function tables(): Promise<string[]> {
    const rows: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('typeorm_migrations', 'typeorm_metadata') ORDER BY table_name`,
    );
    return rows.map((row) => row.table_name);
  }

  async function executedMigrations(): Promise<number> {
    return (await dataSource.query(`SELECT count(*)::int AS count FROM typeorm_migrations`))[0].count;
  }

  async function revertAll(): Promise<number> {
    let reverted = 0;
    while ((await executedMigrations()) > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  }

  it('runs up from an empty database, down to nothing, and up again', async () => {
    const applied = await runPendingMigrations(dataSource);
    expect(applied.length).toBe(dataSource.migrations.length);
    expect(await tables()).toEqual(APPLICATION_TABLES);
    expect((await dataSource.query(`SELECT count(*)::int AS count FROM cities`))[0].count).toBe(40);

    expect(await revertAll()).toBe(dataSource.migrations.length);
    expect(await tables()).toEqual([]);
    expect(await dataSource.query(`SELECT typname FROM pg_type WHERE typname = 'introduction_routing'`)).toEqual([]);

    await runPendingMigrations(dataSource);
    expect((await dataSource.query(`SELECT count(*)::int AS count FROM cities`))[0].count).toBe(40);
  });

  it('leaves nothing for migration:generate to find: entities and migrations describe the same schema', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('is a no-op when several processes migrate at the same time', async () => {
    const others = await Promise.all([1, 2, 3].map(() => new DataSource(buildDataSourceOptions(databaseUrl)).initialize()));
    try {
      const results = await Promise.all(others.map((other) => runPendingMigrations(other)));
      expect(results.map((applied) => applied.length)).toEqual([0, 0, 0]);
    } finally {
      await Promise.all(others.map((other) => other.destroy()));
    }
  });

  it('enforces the member invariants in the database', async () => {
    const insertCity = (slug: string, country: string, region: string, nameZh: string | null) =>
      dataSource.query(`INSERT INTO cities (slug, name_de, name_en, name_zh, country, region_code) VALUES ($1, 'X', 'X', $2, $3, $4)`, [slug, nameZh, country, region]);
    await expect(insertCity('foshan', 'CN', 'CN-GD', '佛山')).rejects.toThrow(/cities_slug_key/);
    await expect(insertCity('taicang', 'CN', 'CN-GD', null)).rejects.toThrow(/cities_chinese_member_has_chinese_name/);
    await expect(insertCity('lahr', 'CN', 'DE-BW', '拉尔')).rejects.toThrow(/cities_region_in_same_country/);
    await expect(insertCity('Not A Slug', 'DE', 'DE-HE', null)).rejects.toThrow(/check constraint/);
    await expect(
      dataSource.query(`INSERT INTO city_municipalities (city_id, name, name_key) SELECT id, 'Koeln', 'koln' FROM cities WHERE slug = 'mainz'`),
    ).rejects.toThrow(/city_municipalities_name_key_key/);
  });
});
