import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailComposer } from './mail-composer.service';
import { MailTemplateRegistry } from './mail-template.registry';
import { MailTransport } from './mail-transport.service';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'unconfirmed' | 'retry';

/** An SMTP answer in the 500s (or a message that cannot be built) will not get better by trying again. */
export function isPermanentFailure(error: unknown): boolean {
  const responseCode = (error as { responseCode?: number }).responseCode;
  if (typeof responseCode === 'number') return responseCode >= 500;
  return error instanceof CompositionError;
}

export class CompositionError extends Error {}

function describe(error: unknown): string {
  const { responseCode, response, code, message } = error as { responseCode?: number; response?: string; code?: string; message?: string };
  return [responseCode, code, response ?? message].filter(Boolean).join(' ').slice(0, 2_000);
}

/**
 * Sends one outbox message at most once: the row is claimed before the SMTP conversation, so a run after a
 * crash finds the claim and does not send again; a transient failure releases the claim for the next try.
 */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
    private readonly registry: MailTemplateRegistry,
  ) {}

  /** @param lastAttempt whether a transient failure now is the end of the retries */
  async deliver(outboxId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const message = await this.claim(outboxId);
    if (!message) return this.notClaimed(outboxId);
    let composed;
    try {
      composed = await this.composer.compose(message);
    } catch (error) {
      return this.fail(message, new CompositionError(`The message could not be built: ${(error as Error).message}`));
    }
    try {
      const receipt = await this.transport.send(message.id, composed, () => this.markHandedOver(message.id));
      await this.markSent(message, receipt);
      return 'sent';
    } catch (error) {
      if (isPermanentFailure(error) || lastAttempt) return this.fail(message, error);
      await this.release(message, error);
      throw error;
    }
  }

  private async claim(outboxId: string): Promise<OutboxMessage | null> {
    const [rows]: [Array<{ id: string }>, number] = await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'sending', claimed_at = now(), handed_over_at = NULL, attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [outboxId],
    );
    return rows.length > 0 ? this.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: outboxId }) : null;
  }

  /**
   * Another run got here first, or this job ran before and stopped while sending. A message that had been handed
   * over may have been delivered: it is never sent blindly again. One that had not is left to the sweep, which sends
   * it again once its claim has timed out.
   */
  private async notClaimed(outboxId: string): Promise<DeliveryOutcome> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE outbox_messages
          SET status = 'unconfirmed', last_error = 'The worker stopped while sending; the message may have been delivered. Check with the recipient, then retry or confirm it.', updated_at = now()
        WHERE id = $1 AND status = 'sending' AND handed_over_at IS NOT NULL`,
      [outboxId],
    );
    if (affected > 0) {
      this.logger.warn({ outboxId }, 'Email left unconfirmed: a previous run stopped while sending');
      return 'unconfirmed';
    }
    return 'skipped';
  }

  private async markHandedOver(outboxId: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_messages SET handed_over_at = now() WHERE id = $1 AND status = 'sending'`, [outboxId]);
  }

  private async markSent(message: OutboxMessage, receipt: { messageId: string; accepted: string[]; rejected: string[]; response: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(OutboxMessage).update(message.id, {
        status: OutboxStatus.Sent,
        sentAt: new Date(),
        messageId: receipt.messageId,
        acceptedRecipients: receipt.accepted,
        rejectedRecipients: receipt.rejected,
        smtpResponse: receipt.response.slice(0, 2_000),
        lastError: null,
      });
      await this.registry.handlerFor(message.template).onDelivered?.(manager, { ...message, status: OutboxStatus.Sent });
    });
    this.logger.log({ outboxId: message.id, template: message.template, messageId: receipt.messageId }, 'Email sent');
  }

  private async release(message: OutboxMessage, error: unknown): Promise<void> {
    await this.dataSource.getRepository(OutboxMessage).update({ id: message.id, status: OutboxStatus.Sending }, { status: OutboxStatus.Pending, claimedAt: null, lastError: describe(error) });
    this.logger.warn({ outboxId: message.id, attempts: message.attempts, error: describe(error) }, 'Email not sent yet; will retry');
  }

  private async fail(message: OutboxMessage, error: unknown): Promise<DeliveryOutcome> {
    await this.dataSource.getRepository(OutboxMessage).update({ id: message.id }, { status: OutboxStatus.Failed, failedAt: new Date(), claimedAt: null, lastError: describe(error) });
    this.logger.error({ outboxId: message.id, template: message.template, error: describe(error) }, 'Email failed');
    return 'failed';
  }
}
