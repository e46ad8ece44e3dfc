import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { MailComposer } from './mail-composer.service';
import { MailTemplateRegistry } from './mail-template.registry';
import { DeliveryReceipt, MailTransport } from './mail-transport.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRecipients } from './outbox-recipients.service';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'unconfirmed' | 'retry' | 'cancelled';

/** An SMTP answer in the 500s (or a message that cannot be built) will not get better by trying again. */
export function isPermanentFailure(error: unknown): boolean {
  const responseCode = (error as { responseCode?: number }).responseCode;
  if (typeof responseCode === 'number') return responseCode >= 500;
  return error instanceof CompositionError;
}

export class CompositionError extends Error {}
/** The server deferred a recipient: the job is tried again with backoff. */
export class RecipientsDeferredError extends Error {}

type ClaimedMessage = OutboxMessage & { claim: string };

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
    private readonly recipients: OutboxRecipients,
    private readonly config: ConfigService<Environment, true>,
    private readonly registry: MailTemplateRegistry,
  ) {}

  /** @param lastAttempt whether a transient failure now is the end of the retries */
  async deliver(outboxId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const message = await this.claim(outboxId);
    if (!message) return this.notClaimed(outboxId);
    const refusal = await this.registry.handlerFor(message.template).refusalAtSend?.(message);
    if (refusal) return this.cancel(message, refusal);
    const recipients = await this.recipients.open(message);
    // Every recipient took it already (an officer confirmed it meanwhile): the message only needs closing.
    if (recipients.length === 0) return this.settle(message, { messageId: message.messageId ?? '', accepted: [], refused: [], response: '' }, lastAttempt);
    let composed;
    try {
      composed = await this.composer.compose(message);
    } catch (error) {
      return this.fail(message, new CompositionError(`The message could not be built: ${(error as Error).message}`));
    }
    const addresses = recipients.map((recipient) => recipient.address);
    let receipt: DeliveryReceipt;
    let claimLost = false;
    try {
      receipt = await this.transport.send(message.id, composed, addresses, async () => {
        claimLost = !(await this.markHandedOver(message, String(composed.subject ?? '')));
        if (claimLost) throw new Error('The claim on this message was given up meanwhile; the final "." is not sent.');
      });
    } catch (error) {
      if (claimLost) return this.claimGivenUp(message);
      await this.recipients.recordAnswerForAll(message.id, addresses, error, this.retryDelay(message));
      if (isPermanentFailure(error) || lastAttempt) return this.fail(message, error);
      await this.release(message, error);
      throw error;
    }
    return this.settle(message, receipt, lastAttempt);
  }

  /** Records each recipient's answer and what it means for the message; a deferred recipient makes the job try again. */
  private async settle(message: ClaimedMessage, receipt: DeliveryReceipt, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const verdict = await this.recipients.record(message, receipt, this.retryDelay(message), lastAttempt);
    if (verdict.status === 'retry') {
      this.logger.warn({ outboxId: message.id, attempts: message.attempts, reason: verdict.reason }, 'Email deferred for some recipients; will retry');
      throw new RecipientsDeferredError(verdict.reason);
    }
    if (verdict.status === 'failed') {
      this.logger.error({ outboxId: message.id, template: message.template, reason: verdict.reason }, 'Email failed');
      return 'failed';
    }
    this.logger.log({ outboxId: message.id, template: message.template, messageId: receipt.messageId }, 'Email sent');
    return 'sent';
  }

  private retryDelay(message: ClaimedMessage): number {
    return this.config.get('MAIL_RETRY_DELAY_MS', { infer: true }) * 2 ** Math.max(message.attempts - 1, 0);
  }

  /** The claim's time, to the microsecond, tells this run's claim from a later one. */
  private async claim(outboxId: string): Promise<ClaimedMessage | null> {
    const [rows]: [Array<{ claim: string }>, number] = await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'sending', claimed_at = now(), handed_over_at = NULL, attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING claimed_at::text AS claim`,
      [outboxId],
    );
    if (rows.length === 0) return null;
    return Object.assign(await this.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id: outboxId }), { claim: rows[0].claim });
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

  /** False when this run's claim was given up meanwhile (the sweep took the worker for gone): then nothing more is sent. */
  // The subject line as it went out is kept for the recipient's data export.
  private async markHandedOver(message: ClaimedMessage, subject: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE outbox_messages SET handed_over_at = now(), subject = $3 WHERE id = $1 AND status = 'sending' AND claimed_at = $2::timestamptz`,
      [message.id, message.claim, subject],
    );
    return affected > 0;
  }

  private claimGivenUp(message: ClaimedMessage): DeliveryOutcome {
    this.logger.warn({ outboxId: message.id }, 'Email not completed: its claim was given up while sending; the run that holds it now sends it');
    return 'skipped';
  }

  private async release(message: ClaimedMessage, error: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_messages SET status = 'pending', claimed_at = NULL, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'sending' AND claimed_at = $2::timestamptz`, [
      message.id,
      message.claim,
      describe(error),
    ]);
    this.logger.warn({ outboxId: message.id, attempts: message.attempts, error: describe(error) }, 'Email not sent yet; will retry');
  }

  private async cancel(message: ClaimedMessage, reason: string): Promise<DeliveryOutcome> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'cancelled', cancelled_at = now(), cancel_reason = $3, claimed_at = NULL, updated_at = now() WHERE id = $1 AND status = 'sending' AND claimed_at = $2::timestamptz`,
      [message.id, message.claim, reason],
    );
    this.logger.warn({ outboxId: message.id, template: message.template, reason }, 'Email cancelled unsent');
    return 'cancelled';
  }

  private async fail(message: ClaimedMessage, error: unknown): Promise<DeliveryOutcome> {
    await this.dataSource.query(
      `UPDATE outbox_messages SET status = 'failed', failed_at = now(), claimed_at = NULL, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'sending' AND claimed_at = $2::timestamptz`,
      [message.id, message.claim, describe(error)],
    );
    this.logger.error({ outboxId: message.id, template: message.template, error: describe(error) }, 'Email failed');
    return 'failed';
  }
}
