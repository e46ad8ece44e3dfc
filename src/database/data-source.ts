import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Environment } from '../config/environment';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One definition of the connection, shared by the application, the worker, the tests and the TypeORM CLI. */
export function buildDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: 10, connectionTimeoutMillis: 5000, application_name: 'isa-match' },
  };
}

// For the TypeORM CLI (npm run migration:*); creating it does not connect.
export default new DataSource(buildDataSourceOptions(process.env.DATABASE_URL || new Environment().DATABASE_URL));
