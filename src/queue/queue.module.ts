import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';

/** The BullMQ connection shared by producers (API) and consumers (worker); queues register with BullModule.registerQueue. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        connection: { url: config.get('REDIS_URL', { infer: true }), maxRetriesPerRequest: null },
        prefix: `${config.get('REDIS_PREFIX', { infer: true })}:bull`,
      }),
    }),
  ],
})
export class QueueModule {}
