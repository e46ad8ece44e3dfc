import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Job } from 'bullmq';
import { Environment } from '../config/environment';
import { MAIL_QUEUE, SendMailJob } from '../queue/queue.constants';
import { DeliveryOutcome, MailDeliveryService } from './mail-delivery.service';

// A job whose worker died is taken up again once its lock has expired (renewed every 5 s while the worker lives).
const JOB_LOCK_MS = 10_000;

/** Sends queued emails; several workers may run side by side. On shutdown BullMQ lets running jobs finish. */
@Processor(MAIL_QUEUE, { lockDuration: JOB_LOCK_MS, stalledInterval: JOB_LOCK_MS / 2 })
export class MailProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly delivery: MailDeliveryService,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.get('MAIL_CONCURRENCY', { infer: true });
  }

  process(job: Job<SendMailJob>): Promise<DeliveryOutcome> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(job.data.outboxId, lastAttempt);
  }
}
