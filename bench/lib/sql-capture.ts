import 'reflect-metadata';
import type { ClientBase } from 'pg';
import { DataSource, Logger } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';

export interface Statement {
  sql: string;
  parameters: unknown[];
}

class CapturingLogger implements Logger {
  recording?: Statement[];

  logQuery(query: string, parameters?: unknown[]): void {
    this.recording?.push({ sql: query, parameters: parameters ?? [] });
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * The application's own services (MatchingService, CompanyDirectoryService) on a TypeORM connection of the
 * benchmark's, with every statement they send recorded: replaying exactly those statements with plain `pg` is the
 * floor an endpoint is compared with (the same SQL, without HTTP, Nest, authentication, ORM mapping and JSON).
 */
export class SqlCapture {
  private readonly logger = new CapturingLogger();
  readonly dataSource: DataSource;

  constructor(databaseUrl: string) {
    this.dataSource = new DataSource({ ...buildDataSourceOptions(databaseUrl), logging: ['query'], logger: this.logger, extra: { max: 2 } });
  }

  async initialize(): Promise<void> {
    await this.dataSource.initialize();
  }

  async record<T>(work: (dataSource: DataSource) => Promise<T>): Promise<{ result: T; statements: Statement[] }> {
    const statements: Statement[] = [];
    this.logger.recording = statements;
    try {
      const result = await work(this.dataSource);
      return { result, statements };
    } finally {
      this.logger.recording = undefined;
    }
  }

  async destroy(): Promise<void> {
    await this.dataSource.destroy();
  }
}

/** Sends the statements one after the other, as the service did; returns the last result's rows. */
export async function replay(client: ClientBase, statements: Statement[]): Promise<unknown[][]> {
  const results: unknown[][] = [];
  for (const statement of statements) results.push((await client.query(statement.sql, statement.parameters)).rows);
  return results;
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, as text. */
export async function explainAnalyze(client: ClientBase, statement: Statement): Promise<{ text: string; executionMs: number; planningMs: number }> {
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, SETTINGS) ${statement.sql}`, statement.parameters);
  const text = rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
  const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN);
  const planningMs = Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN);
  return { text, executionMs, planningMs };
}
