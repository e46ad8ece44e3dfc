import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { MAIL_QUEUE, SEND_MAIL_JOB, SendMailJob } from '../queue/queue.constants';

// A push that Redis does not answer within this is left to the sweep: a request never waits for the queue.
const PUSH_TIMEOUT_MS = 2_000;
// A message still pending this long after it was queued is looked for in the queue; a job Redis lost is queued again.
const CHECK_QUEUED_AFTER = '10 seconds';
const SWEEP_BATCH = 200;
// Job states in which the job will still run, by itself or after its backoff.
const STILL_QUEUED = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** Emails written but not in the queue: never queued (Redis was away), or their job was lost and not queued again yet. */
export const WAITING_FOR_QUEUE_SQL = `SELECT count(*)::int AS waiting FROM outbox_messages WHERE status = 'pending' AND queued_at IS NULL`;

export interface SweepReport {
  queued: number;
  /** Of those, messages whose job had been lost (Redis restarted empty, or lost its data). */
  lost: number;
  /** Claims of a gone worker that had not handed their message over: sent again. */
  resent: number;
  unconfirmed: number;
}

/** Moves outbox rows into the mail queue: right after the commit that wrote them, and in a periodic sweep for any that were missed. */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue<SendMailJob>,
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Fire and forget: failures are logged and left to the sweep. */
  dispatch(outboxIds: string[]): void {
    if (outboxIds.length === 0) return;
    this.push(outboxIds).catch((error: unknown) => this.logger.warn({ outboxIds, error: String(error) }, 'Outbox messages not queued yet; the sweep will queue them'));
  }

  /** Queues a message again after an officer retried it: its earlier job, finished or failed, makes way for a new one with the same id. */
  async requeue(outboxId: string): Promise<void> {
    await withTimeout(this.clearFinishedJob(outboxId), PUSH_TIMEOUT_MS);
    await this.push([outboxId]);
  }

  /**
   * Queues pending messages that are not in the queue, and gives up on claims whose worker is gone. Safe with several
   * relays (SKIP LOCKED). A message queued a while ago is looked for in the queue and queued again if its job is gone;
   * `everyQueued` looks for all of them at once (after Redis reconnected, when it may have come back empty).
   */
  async sweep(options: { everyQueued?: boolean } = {}): Promise<SweepReport> {
    const { resent, unconfirmed } = await this.markAbandonedClaims();
    const { queued, lost } = await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string; queued: boolean }> = await manager.query(
        `SELECT id, queued_at IS NOT NULL AS queued FROM outbox_messages
          WHERE status = 'pending' AND (queued_at IS NULL OR $1 OR queued_at < now() - interval '${CHECK_QUEUED_AFTER}')
          ORDER BY queued_at NULLS FIRST, created_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
        [options.everyQueued === true],
      );
      if (rows.length === 0) return { queued: 0, lost: 0 };
      const states = await withTimeout(Promise.all(rows.map((row) => this.queue.getJobState(row.id))), PUSH_TIMEOUT_MS);
      const missing = rows.filter((row, index) => !STILL_QUEUED.has(states[index]));
      const present = rows.filter((row, index) => row.queued && STILL_QUEUED.has(states[index]));
      // Seen in the queue: checked again after another while, behind the others.
      if (present.length > 0) await manager.query(`UPDATE outbox_messages SET queued_at = now() WHERE id = ANY($1::uuid[])`, [present.map((row) => row.id)]);
      if (missing.length === 0) return { queued: 0, lost: 0 };
      const ids = missing.map((row) => row.id);
      // Until the push below succeeds they count as waiting for the queue.
      await manager.query(`UPDATE outbox_messages SET queued_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
      const lost = missing.filter((row) => row.queued).length;
      try {
        // A row still pending whose job already finished was sent back by an officer: its old job makes way.
        await withTimeout(Promise.all(ids.map((id) => this.clearFinishedJob(id))), PUSH_TIMEOUT_MS);
        await this.push(ids, manager);
      } catch (error) {
        this.logger.warn({ count: ids.length, lost, error: String(error) }, 'Outbox messages not queued yet; the next sweep tries again');
        return { queued: 0, lost };
      }
      return { queued: ids.length, lost };
    });
    if (queued > 0 || unconfirmed > 0 || resent > 0) this.logger.log({ queued, lost, resent, unconfirmed }, 'Outbox sweep');
    return { queued, lost, resent, unconfirmed };
  }

  async waitingForQueue(): Promise<number> {
    const [{ waiting }] = await this.dataSource.query(WAITING_FOR_QUEUE_SQL);
    return waiting;
  }

  /** Calls `listener` each time the queue's Redis connection is (again) ready. */
  async onQueueReady(listener: () => void): Promise<void> {
    const client = await this.queue.getBackend().client;
    client.on('ready', listener);
  }

  /** The queued_at update runs on the caller's connection when it holds the rows' locks (the sweep), else on its own. */
  private async push(outboxIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const attempts = this.config.get('MAIL_RETRY_ATTEMPTS', { infer: true });
    const delay = this.config.get('MAIL_RETRY_DELAY_MS', { infer: true });
    const adding = this.queue.addBulk(
      outboxIds.map((outboxId) => ({
        name: SEND_MAIL_JOB,
        data: { outboxId },
        opts: { jobId: outboxId, attempts, backoff: { type: 'exponential', delay, jitter: 0.5 }, removeOnComplete: 1_000, removeOnFail: 5_000 },
      })),
    );
    await withTimeout(adding, PUSH_TIMEOUT_MS);
    await manager.query(`UPDATE outbox_messages SET queued_at = now() WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [outboxIds]);
  }

  /**
   * Removes a finished (completed or failed) job of this message, so that a job with the same id can be added.
   * A job still waiting or running stays: it will send the message itself (the worker re-reads the row).
   */
  private async clearFinishedJob(outboxId: string): Promise<void> {
    const state = await this.queue.getJobState(outboxId);
    if (state === 'completed' || state === 'failed') await this.queue.remove(outboxId);
  }

  /**
   * Claims whose worker is gone: a message never handed over provably was not delivered and goes back to pending;
   * one handed over may have been, and waits as unconfirmed for an officer.
   */
  private async markAbandonedClaims(): Promise<{ resent: number; unconfirmed: number }> {
    const timeoutSeconds = this.config.get('MAIL_SEND_TIMEOUT_MS', { infer: true }) / 1000;
    // An UPDATE answers [rows, affected count].
    const [, resent]: [unknown[], number] = await this.dataSource.query(
      `UPDATE outbox_messages
          SET status = 'pending', claimed_at = NULL, queued_at = NULL, last_error = 'The worker stopped before handing the message over; it is sent again.', updated_at = now()
        WHERE status = 'sending' AND handed_over_at IS NULL AND claimed_at < now() - make_interval(secs => $1)`,
      [timeoutSeconds],
    );
    const [, unconfirmed]: [unknown[], number] = await this.dataSource.query(
      `UPDATE outbox_messages
          SET status = 'unconfirmed', last_error = 'The worker stopped while sending; the message may have been delivered. Check with the recipient, then retry or confirm it.', updated_at = now()
        WHERE status = 'sending' AND handed_over_at IS NOT NULL AND claimed_at < now() - make_interval(secs => $1)`,
      [timeoutSeconds],
    );
    return { resent, unconfirmed };
  }
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
