import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { WAITING_FOR_QUEUE_SQL } from '../mail/outbox-relay.service';

/** How many emails wait for the queue (written while Redis was away, or whose job Redis lost). Informs; never makes the process unready. */
@Injectable()
export class OutboxHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async waitingForQueue(key: string, timeoutMs: number) {
    const indicator = this.health.check(key);
    try {
      const [{ waiting }] = await Promise.race([
        this.dataSource.query(WAITING_FOR_QUEUE_SQL) as Promise<Array<{ waiting: number }>>,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
      ]);
      return indicator.up({ waitingForQueue: waiting });
    } catch (error) {
      // The database check reports the database; this one only says what it could not count.
      return indicator.up({ waitingForQueue: null, error: (error as Error).message });
    }
  }
}
