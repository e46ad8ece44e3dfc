import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { SIGN_IN_LINK_QUEUE, SignInLinkJob } from '../queue/queue.constants';
import { CompanyLoginService } from './company-login.service';

/** Answers sign-in link requests away from the HTTP path, so that its timing says nothing about the address. */
@Processor(SIGN_IN_LINK_QUEUE)
export class SignInLinkProcessor extends WorkerHost {
  constructor(private readonly login: CompanyLoginService) {
    super();
  }

  process(job: Job<SignInLinkJob>): Promise<'sent' | 'unknown' | 'limited'> {
    return this.login.sendLink(job.data.email);
  }
}
