import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { COMPANY_IMPORT_QUEUE, CompanyImportJob } from '../queue/queue.constants';
import { CompanyImportService } from './company-import.service';

@Processor(COMPANY_IMPORT_QUEUE)
export class CompanyImportProcessor extends WorkerHost {
  private readonly logger = new Logger(CompanyImportProcessor.name);

  constructor(private readonly imports: CompanyImportService) {
    super();
  }

  async process(job: Job<CompanyImportJob>): Promise<void> {
    await this.imports.process(job.data.importId);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<CompanyImportJob>, error: Error): Promise<void> {
    this.logger.error({ importId: job.data.importId, attempt: job.attemptsMade, err: error }, 'Company import failed');
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) await this.imports.markFailed(job.data.importId, error.message);
  }
}
