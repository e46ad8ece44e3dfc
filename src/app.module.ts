import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CitiesModule } from './cities/cities.module';
import { CompaniesModule } from './companies/companies.module';
import { LoggingModule } from './common/logging.module';
import { RateLimitModule } from './common/rate-limit.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { MatchRequestsModule } from './match-requests/match-requests.module';
import { MatchingModule } from './matching/matching.module';
import { PrivacyModule } from './privacy/privacy.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { ResponsesModule } from './responses/responses.module';
import { WebModule } from './web/web.module';

/** The API and web process. */
@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    QueueModule,
    RateLimitModule,
    AuthModule,
    AuditModule,
    MailModule,
    HealthModule,
    CitiesModule,
    CompaniesModule,
    MatchingModule,
    MatchRequestsModule,
    ResponsesModule,
    PrivacyModule,
    WebModule,
  ],
})
export class AppModule {}
