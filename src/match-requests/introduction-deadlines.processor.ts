import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { INTRODUCTION_DEADLINES_EVERY_MS, INTRODUCTION_DEADLINES_JOB, MATCH_REQUEST_DEADLINES_QUEUE } from '../queue/queue.constants';
import { DeadlineReport, IntroductionProgressService } from './introduction-progress.service';

/** Reminds and expires unanswered introductions every 15 minutes; the scheduler is idempotent, so every worker may declare it. */
@Processor(MATCH_REQUEST_DEADLINES_QUEUE)
export class IntroductionDeadlinesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly progress: IntroductionProgressService,
    @InjectQueue(MATCH_REQUEST_DEADLINES_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(INTRODUCTION_DEADLINES_JOB, { every: INTRODUCTION_DEADLINES_EVERY_MS }, { name: INTRODUCTION_DEADLINES_JOB });
  }

  process(): Promise<DeadlineReport> {
    return this.progress.runDeadlines();
  }
}
