import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { MatchingController } from './matching.controller';
import { MatchingService } from './matching.service';
import { SuggestionAlert } from './suggestion-alert.entity';
import { SuggestionAlertsService } from './suggestion-alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([SuggestionAlert]), MailModule],
  controllers: [MatchingController],
  providers: [MatchingService, SuggestionAlertsService],
  exports: [MatchingService, SuggestionAlertsService],
})
export class MatchingModule {}
