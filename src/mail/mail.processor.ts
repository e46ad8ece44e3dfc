import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { MAIL_QUEUE, SendMailJob } from '../queue/queue.constants';
import { DeliveryOutcome, MailDeliveryService } from './mail-delivery.service';

/** Sends queued emails; several workers may run side by side. On shutdown BullMQ lets running jobs finish. */
@Processor(MAIL_QUEUE, { concurrency: 4 })
export class MailProcessor extends WorkerHost {
  constructor(private readonly delivery: MailDeliveryService) {
    super();
  }

  process(job: Job<SendMailJob>): Promise<DeliveryOutcome> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(job.data.outboxId, lastAttempt);
  }
}
