import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { SUGGESTION_ALERTS_QUEUE, SUGGESTION_DIGEST_EVERY_MS, SUGGESTION_DIGEST_JOB } from '../queue/queue.constants';
import { DigestReport, SuggestionAlertsService } from './suggestion-alerts.service';

/** Checks hourly for weekly digests that are due; the scheduler is idempotent, so every worker may declare it. */
@Processor(SUGGESTION_ALERTS_QUEUE)
export class SuggestionDigestProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly alerts: SuggestionAlertsService,
    @InjectQueue(SUGGESTION_ALERTS_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(SUGGESTION_DIGEST_JOB, { every: SUGGESTION_DIGEST_EVERY_MS }, { name: SUGGESTION_DIGEST_JOB });
  }

  process(): Promise<DigestReport> {
    return this.alerts.sendDueDigests();
  }
}
