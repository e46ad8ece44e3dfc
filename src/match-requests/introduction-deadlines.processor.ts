import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import {
  INTRODUCTION_DEADLINES_EVERY_MS,
  INTRODUCTION_DEADLINES_JOB,
  MATCH_REQUEST_DEADLINES_QUEUE,
  OFFICER_DIGEST_EVERY_MS,
  OFFICER_DIGEST_JOB,
} from '../queue/queue.constants';
import { DeadlineReport, IntroductionProgressService } from './introduction-progress.service';
import { OfficerDigestReport, OfficerDigestService } from './officer-digest.service';

/**
 * The periodic work of match requests: reminding and expiring unanswered introductions every 15 minutes, and the
 * officers' daily summaries. The schedulers are idempotent, so every worker may declare them.
 */
@Processor(MATCH_REQUEST_DEADLINES_QUEUE)
export class IntroductionDeadlinesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly progress: IntroductionProgressService,
    private readonly digests: OfficerDigestService,
    @InjectQueue(MATCH_REQUEST_DEADLINES_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(INTRODUCTION_DEADLINES_JOB, { every: INTRODUCTION_DEADLINES_EVERY_MS }, { name: INTRODUCTION_DEADLINES_JOB });
    await this.queue.upsertJobScheduler(OFFICER_DIGEST_JOB, { every: OFFICER_DIGEST_EVERY_MS }, { name: OFFICER_DIGEST_JOB });
  }

  process(job: Job): Promise<DeadlineReport | OfficerDigestReport> {
    return job.name === OFFICER_DIGEST_JOB ? this.digests.sendDue() : this.progress.runDeadlines();
  }
}
