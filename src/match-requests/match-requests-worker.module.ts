import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MATCH_REQUEST_DEADLINES_QUEUE } from '../queue/queue.constants';
import { IntroductionDeadlinesProcessor } from './introduction-deadlines.processor';
import { MatchRequestsModule } from './match-requests.module';

/** Reminders and expiry of unanswered introductions, run by the worker process only. */
@Module({
  imports: [MatchRequestsModule, BullModule.registerQueue({ name: MATCH_REQUEST_DEADLINES_QUEUE })],
  providers: [IntroductionDeadlinesProcessor],
})
export class MatchRequestsWorkerModule {}
