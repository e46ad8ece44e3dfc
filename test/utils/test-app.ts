import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { cloneDatabase } from './test-database';


/**
 * The real API application, configured exactly as main.ts does, on a database of its own
 * (a copy of the run's migrated template) and a Redis key prefix of its own.
 */
export async function createTestApp(): Promise<NestExpressApplication> {
  process.env.DATABASE_URL = await cloneDatabase(process.env.TEST_DATABASE_TEMPLATE_URL!);
  process.env.REDIS_PREFIX = `${process.env.TEST_RUN_REDIS_PREFIX}-${Math.random().toString(36).slice(2, 8)}`;
  // Imported only now: the configuration module reads the environment when it is loaded.
  const { AppModule } = await import('../../src/app.module');
  const { configureHttpApp } = await import('../../src/app.setup');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  configureHttpApp(app);
  await app.init();
  return app;
}
