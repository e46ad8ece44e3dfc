import { Module } from '@nestjs/common';
import { MailComposer } from './mail-composer.service';
import { MailDeliveryService } from './mail-delivery.service';
import { MailRenderer } from './mail-renderer';
import { MailModule } from './mail.module';
import { MailProcessor } from './mail.processor';
import { OutboxSweeper } from './outbox-sweeper';

/** Rendering and sending, run by the worker process only. */
@Module({
  imports: [MailModule],
  providers: [MailRenderer, MailComposer, MailDeliveryService, MailProcessor, OutboxSweeper],
})
export class MailWorkerModule {}
