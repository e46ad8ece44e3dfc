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

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.get('OUTBOX_SWEEP_MS', { infer: true });
    this.timer = setInterval(() => this.tick(), every);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.relay
      .sweep()
      .catch((error: unknown) => this.logger.warn({ error: String(error) }, 'Outbox sweep failed; trying again later'))
      .finally(() => (this.running = undefined));
  }
}
