import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { AppModule } from './app.module';
import { configureHttpApp } from './app.setup';
import { exitOnStartupError, loadEnvironment } from './bootstrap/load-environment';
import { preflight } from './bootstrap/preflight';
import { Environment, ProcessRole } from './config/environment';
import { startWorker } from './worker';

async function startApi(environment: Environment): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  configureHttpApp(app);
  await app.listen(environment.PORT);
  app.get(Logger).log(`API listening on port ${environment.PORT} (${environment.PUBLIC_URL}, OpenAPI at /docs)`, 'Bootstrap');
}

/** PROCESS_ROLE=all (default) runs API and worker in one process; api or worker runs one of them. */
async function main(): Promise<void> {
  const environment = loadEnvironment();
  const appliedMigrations = await preflight(environment);
  if (appliedMigrations.length > 0) {
    pino({ level: environment.LOG_LEVEL, base: { service: 'isa-match' } }).info({ migrations: appliedMigrations }, 'Migrations applied');
  }
  if (environment.PROCESS_ROLE !== ProcessRole.Worker) await startApi(environment);
  if (environment.PROCESS_ROLE !== ProcessRole.Api) await startWorker();
}

main().catch(exitOnStartupError);
