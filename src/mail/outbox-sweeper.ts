import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { OutboxRelay } from './outbox-relay.service';

/**
 * Runs the relay's sweep on a timer in the worker process. A plain timer, not a queue job: it must keep
 * working while Redis is away, so that it can queue what piled up as soon as Redis is back.
 */
@Injectable()
export class OutboxSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private lookAgainForEveryJob = false;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('OUTBOX_SWEEP_MS', { infer: true });
    this.timer = setInterval(() => this.tick(), every);
    // Redis may come back empty after a restart: every queued message is looked for at once, not after the next sweeps.
    this.relay.onQueueReady(() => this.tick(true)).catch((error: unknown) => this.logger.warn({ error: String(error) }, 'Not watching the queue connection'));
    this.tick(true);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(everyQueued = false): void {
    if (this.running) {
      this.lookAgainForEveryJob ||= everyQueued;
      return;
    }
    this.running = this.relay
      .sweep({ everyQueued })
      .catch((error: unknown) => this.logger.warn({ error: String(error) }, 'Outbox sweep failed; trying again later'))
      .finally(() => {
        this.running = undefined;
        if (!this.lookAgainForEveryJob || this.timer === undefined) return;
        this.lookAgainForEveryJob = false;
        this.tick(true);
      });
  }
}
