import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { COMPANY_MAINTENANCE_EVERY_MS, COMPANY_MAINTENANCE_JOB, MAINTENANCE_QUEUE } from '../queue/queue.constants';
import { CompanyMaintenanceService, MaintenanceReport } from './company-maintenance.service';

/** Runs profile upkeep every hour; the scheduler is idempotent, so every worker may declare it. */
@Processor(MAINTENANCE_QUEUE)
export class CompanyMaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly maintenance: CompanyMaintenanceService,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(COMPANY_MAINTENANCE_JOB, { every: COMPANY_MAINTENANCE_EVERY_MS }, { name: COMPANY_MAINTENANCE_JOB });
  }

  process(): Promise<MaintenanceReport> {
    return this.maintenance.run();
  }
}
