import { Module } from '@nestjs/common';
import { MatchRequestsModule } from '../match-requests/match-requests.module';
import { PartnerResponseController } from './partner-response.controller';
import { PartnerResponseService } from './partner-response.service';

/** Partner companies answer introductions here, without an account. */
@Module({
  imports: [MatchRequestsModule],
  controllers: [PartnerResponseController],
  providers: [PartnerResponseService],
})
export class ResponsesModule {}
