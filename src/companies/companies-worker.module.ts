import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MAINTENANCE_QUEUE } from '../queue/queue.constants';
import { CompaniesModule } from './companies.module';
import { CompanyImportProcessor } from './company-import.processor';
import { CompanyMaintenanceProcessor } from './company-maintenance.processor';
import { SignInLinkProcessor } from './sign-in-link.processor';

/** The companies' background work, run by the worker process only. */
@Module({
  imports: [CompaniesModule, BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [CompanyImportProcessor, CompanyMaintenanceProcessor, SignInLinkProcessor],
})
export class CompaniesWorkerModule {}
