import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { HomeCityModule } from '../cities/home-city.module';
import { MAIL_QUEUE } from '../queue/queue.constants';
import { MailComposer } from './mail-composer.service';
import { MailRenderer } from './mail-renderer';
import { MailTemplateRegistry } from './mail-template.registry';
import { MailTransport } from './mail-transport.service';
import { OfficerEmailsController } from './officer-emails.controller';
import { OfficerEmailsService } from './officer-emails.service';
import { OutboxCommitSubscriber } from './outbox-commit.subscriber';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRecipient } from './outbox-recipient.entity';
import { OutboxRecipients } from './outbox-recipients.service';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxSecretLink } from './outbox-secret-link.entity';
import { OutboxService } from './outbox.service';
import { SecretLinks } from './secret-links.service';

/** The outbox and its relay (both processes), the officers' view of the emails (built again by the composer where a link is withheld), and the registry domain modules fill. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage, OutboxRecipient, OutboxSecretLink]), BullModule.registerQueue({ name: MAIL_QUEUE }), AuditModule, HomeCityModule],
  controllers: [OfficerEmailsController],
  providers: [OutboxService, OutboxRelay, OutboxCommitSubscriber, MailTemplateRegistry, MailTransport, OfficerEmailsService, OutboxRecipients, SecretLinks, MailRenderer, MailComposer],
  exports: [OutboxService, OutboxRelay, MailTemplateRegistry, MailTransport, OfficerEmailsService, OutboxRecipients, SecretLinks, MailRenderer, MailComposer],
})
export class MailModule {}
