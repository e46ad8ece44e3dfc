import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SUGGESTION_ALERTS_QUEUE } from '../queue/queue.constants';
import { MatchingModule } from './matching.module';
import { SuggestionDigestProcessor } from './suggestion-digest.processor';

/** The weekly suggestion digests, run by the worker process only. */
@Module({
  imports: [MatchingModule, BullModule.registerQueue({ name: SUGGESTION_ALERTS_QUEUE })],
  providers: [SuggestionDigestProcessor],
})
export class MatchingWorkerModule {}
