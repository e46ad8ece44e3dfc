import { CompaniesModule } from '../companies/companies.module';
import { OpenRequestCloser } from './open-request-closer.service';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { MatchingModule } from '../matching/matching.module';
import { MATCH_REQUEST_DEADLINES_QUEUE } from '../queue/queue.constants';
import { HomeCityModule } from '../cities/home-city.module';
import { IntroductionMailService } from './introduction-mail.service';
import { IntroductionProgressService } from './introduction-progress.service';
import { MatchRequestMailTemplates } from './match-request-mail-templates';
import { MatchRequestReviewService } from './match-request-review.service';
import { MatchRequestStatsService } from './match-request-stats.service';
import { MatchRequestTransitions } from './match-request-transitions.service';
import { MatchRequest } from './match-request.entity';
import { MatchRequestsController } from './match-requests.controller';
import { MatchRequestsService } from './match-requests.service';
import { OfficerDigestService } from './officer-digest.service';
import { OfficerMatchRequestsController } from './officer-match-requests.controller';
import { ResponseLinksModule } from './response-links.module';

@Module({
  imports: [TypeOrmModule.forFeature([MatchRequest]), BullModule.registerQueue({ name: MATCH_REQUEST_DEADLINES_QUEUE }), AuditModule, AuthModule, CompaniesModule, HomeCityModule, MailModule, MatchingModule, ResponseLinksModule],
  controllers: [MatchRequestsController, OfficerMatchRequestsController],
  providers: [MatchRequestTransitions, IntroductionMailService, MatchRequestReviewService, MatchRequestsService, IntroductionProgressService, MatchRequestStatsService, MatchRequestMailTemplates, OfficerDigestService, OpenRequestCloser],
  exports: [ResponseLinksModule, IntroductionProgressService, OfficerDigestService, MatchRequestsService, MatchRequestReviewService, MatchRequestStatsService],
})
export class MatchRequestsModule {}
