import { Module } from '@nestjs/common';
import { CompaniesWorkerModule } from './companies/companies-worker.module';
import { LoggingModule } from './common/logging.module';
import { MailWorkerModule } from './mail/mail-worker.module';
import { MatchRequestsWorkerModule } from './match-requests/match-requests-worker.module';
import { MatchingWorkerModule } from './matching/matching-worker.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { WorkerLifecycle } from './worker-lifecycle';

/** The worker process: BullMQ consumers, no HTTP server. Feature modules add their processors here. */
@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule, MailWorkerModule, CompaniesWorkerModule, MatchingWorkerModule, MatchRequestsWorkerModule],
  providers: [WorkerLifecycle],
})
export class WorkerModule {}
