import { Module } from '@nestjs/common';
import { MailDeliveryService } from './mail-delivery.service';
import { MailModule } from './mail.module';
import { MailProcessor } from './mail.processor';
import { OutboxSweeper } from './outbox-sweeper';

/** Rendering and sending, run by the worker process only. */
@Module({
  imports: [MailModule],
  providers: [MailDeliveryService, MailProcessor, OutboxSweeper],
})
export class MailWorkerModule {}
