import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** The real worker (BullMQ consumers) on the same database and Redis prefix as the last createTestApp. */
export async function createTestWorker(): Promise<INestApplicationContext> {
  const { WorkerModule } = await import('../../src/worker.module');
  const worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'], abortOnError: false });
  await worker.init();
  return worker;
}

export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
