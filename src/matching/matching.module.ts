import { CompaniesModule } from '../companies/companies.module';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HomeCityModule } from '../cities/home-city.module';
import { MailModule } from '../mail/mail.module';
import { SUGGESTION_ALERTS_QUEUE } from '../queue/queue.constants';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';
import { SuggestionAlert } from './suggestion-alert.entity';
import { SuggestionAlertsService } from './suggestion-alerts.service';
import { SuggestionDigestMail } from './suggestion-digest-mail';

@Module({
  imports: [TypeOrmModule.forFeature([SuggestionAlert]), BullModule.registerQueue({ name: SUGGESTION_ALERTS_QUEUE }), CompaniesModule, HomeCityModule, MailModule],
  controllers: [MatchingController],
  providers: [MatchingService, SuggestionAlertsService, SuggestionDigestMail],
  exports: [MatchingService, SuggestionAlertsService],
})
export class MatchingModule {}
