import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** Announces when the worker is ready and when it has let go of its jobs, for operators and orchestration. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');

  onApplicationBootstrap(): void {
    this.logger.log('Worker started');
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log(`Worker stopped${signal ? ` (${signal})` : ''}`);
  }
}
