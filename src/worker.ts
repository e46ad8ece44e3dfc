import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { exitOnStartupError, loadEnvironment } from './bootstrap/load-environment';
import { preflight } from './bootstrap/preflight';
import { WorkerModule } from './worker.module';

/** Starts the BullMQ consumers without an HTTP server. */
export async function startWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  await worker.init();
  return worker;
}

// `node dist/src/worker` runs a worker alone, like PROCESS_ROLE=worker with main.
if (require.main === module) {
  preflight(loadEnvironment())
    .then(() => startWorker())
    .catch(exitOnStartupError);
}
