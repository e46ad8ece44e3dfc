import { Module } from '@nestjs/common';
import { CitiesModule } from './cities/cities.module';
import { LoggingModule } from './common/logging.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

/** The API and web process. */
@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, RedisModule, QueueModule, HealthModule, CitiesModule],
})
export class AppModule {}
