import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MailTemplateRegistry } from './mail-template.registry';
import { DeliveryReceipt } from './mail-transport.service';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { OutboxRecipient, RecipientRole, RecipientState } from './outbox-recipient.entity';
import { MessageVerdict, verdictOf } from './recipient-verdict';
import { SecretLinks } from './secret-links.service';

const OPEN = [RecipientState.Pending, RecipientState.Deferred];

/** Each recipient's outcome, kept one by one: who took the message, who deferred it and who refused it, with the server's answer. */
@Injectable()
export class OutboxRecipients {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: MailTemplateRegistry,
    private readonly secretLinks: SecretLinks,
  ) {}

  /** The recipients still to send to (pending or deferred); written from the message's To and Cc on its first try. */
  async open(message: OutboxMessage): Promise<OutboxRecipient[]> {
    await this.dataSource.query(
      `INSERT INTO outbox_recipients (outbox_id, address, role)
       SELECT $1, address, role::outbox_recipient_role FROM (SELECT $2::text AS address, 'to' AS role UNION ALL SELECT unnest($3::text[]), 'cc') listed
        WHERE NOT EXISTS (SELECT 1 FROM outbox_recipients WHERE outbox_id = $1)
       ON CONFLICT DO NOTHING`,
      [message.id, message.recipient, message.cc],
    );
    return this.dataSource.getRepository(OutboxRecipient).find({ where: OPEN.map((state) => ({ outboxId: message.id, state })), order: { role: 'ASC', address: 'ASC' } });
  }

  of(outboxId: string): Promise<OutboxRecipient[]> {
    return this.dataSource.getRepository(OutboxRecipient).find({ where: { outboxId }, order: { role: 'ASC', address: 'ASC' } });
  }

  /**
   * Records what the server answered for each recipient of a try and, in the same transaction, what that means for
   * the message (see verdictOf); when this try brought the last To, what delivery causes happens here, once. The
   * message is only changed while this try's claim holds (the sweep may meanwhile have found it unconfirmed: the
   * answer settles that too).
   */
  async record(message: OutboxMessage & { claim: string }, receipt: DeliveryReceipt, retryDelayMs: number, lastAttempt: boolean): Promise<MessageVerdict> {
    return this.dataSource.transaction(async (manager) => {
      await this.markAccepted(manager, message.id, receipt.accepted, receipt.response);
      for (const refusal of receipt.refused) await this.markRefusal(manager, message.id, refusal.address, refusal.code, refusal.response, retryDelayMs);
      const recipients = await manager.getRepository(OutboxRecipient).find({ where: { outboxId: message.id } });
      const to = recipients.filter((recipient) => recipient.role === RecipientRole.To);
      const toDeliveredNow = to.every((recipient) => recipient.state === RecipientState.Accepted) && to.some((recipient) => receipt.accepted.includes(recipient.address));
      if (toDeliveredNow) {
        // With its recipient now, a personal link is kept nowhere else.
        await this.secretLinks.clear(manager, message.id);
        await this.registry.handlerFor(message.template).onDelivered?.(manager, { ...message, status: OutboxStatus.Sent });
      }
      const verdict = verdictOf(recipients, lastAttempt);
      await manager.query(
        `UPDATE outbox_messages
            SET status = $2::outbox_status, claimed_at = NULL, updated_at = now(),
                sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE sent_at END,
                failed_at = CASE WHEN $2 = 'failed' THEN now() ELSE failed_at END,
                last_error = $3, message_id = coalesce(nullif($4, ''), message_id), smtp_response = coalesce($5, smtp_response),
                accepted_recipients = $6, rejected_recipients = $7
          WHERE id = $1 AND status IN ('sending', 'unconfirmed') AND claimed_at = $8::timestamptz`,
        [
          message.id,
          verdict.status === 'retry' ? OutboxStatus.Pending : verdict.status,
          verdict.status === 'sent' ? null : verdict.reason.slice(0, 2_000),
          receipt.messageId,
          receipt.response ? receipt.response.slice(0, 2_000) : null,
          recipients.filter((recipient) => recipient.state === RecipientState.Accepted).map((recipient) => recipient.address),
          recipients.filter((recipient) => recipient.state === RecipientState.Refused).map((recipient) => recipient.address),
          message.claim,
        ],
      );
      return verdict;
    });
  }

  /** An answer to the whole message (to MAIL FROM, DATA or the final ".") applies to every recipient it was sent to. */
  async recordAnswerForAll(outboxId: string, addresses: string[], error: unknown, retryDelayMs: number): Promise<void> {
    const { responseCode, response, message } = error as { responseCode?: number; response?: string; message?: string };
    if (typeof responseCode !== 'number') return;
    for (const address of addresses) await this.markRefusal(this.dataSource.manager, outboxId, address, responseCode, String(response ?? message ?? ''), retryDelayMs);
  }

  /** Sends again to the recipients that have not taken the message (or only to the one given), to a corrected To address if given; those that took it get no second copy. */
  async reopen(manager: EntityManager, message: OutboxMessage, options: { recipientId?: string; toAddress?: string }): Promise<void> {
    if (options.toAddress) {
      await manager.query(`UPDATE outbox_recipients SET address = $2, updated_at = now() WHERE outbox_id = $1 AND role = 'to' AND state <> 'accepted'`, [message.id, options.toAddress]);
    }
    const only = options.recipientId ? `AND id = $2` : '';
    await manager.query(
      `UPDATE outbox_recipients SET state = 'pending', next_attempt_at = NULL, updated_at = now() WHERE outbox_id = $1 AND state <> 'accepted' ${only}`,
      options.recipientId ? [message.id, options.recipientId] : [message.id],
    );
  }

  /** An officer learned that the message arrived: the recipients it was on its way to count as having taken it. */
  async confirmDelivered(manager: EntityManager, outboxId: string): Promise<void> {
    await manager.query(`UPDATE outbox_recipients SET state = 'accepted', accepted_at = now(), next_attempt_at = NULL, updated_at = now() WHERE outbox_id = $1 AND state IN ('pending', 'deferred')`, [outboxId]);
  }

  private async markAccepted(manager: EntityManager, outboxId: string, addresses: string[], response: string): Promise<void> {
    if (addresses.length === 0) return;
    await manager.query(
      `UPDATE outbox_recipients SET state = 'accepted', accepted_at = now(), smtp_response = $3, attempts = attempts + 1, next_attempt_at = NULL, updated_at = now()
        WHERE outbox_id = $1 AND address = ANY($2::text[]) AND state <> 'accepted'`,
      [outboxId, addresses, response.slice(0, 2_000) || null],
    );
  }

  // A 4xx defers the recipient (tried again with the message's backoff), anything else refuses it.
  private async markRefusal(manager: EntityManager, outboxId: string, address: string, code: number | null, response: string, retryDelayMs: number): Promise<void> {
    const deferred = code !== null && code >= 400 && code < 500;
    await manager.query(
      `UPDATE outbox_recipients
          SET state = $3::outbox_recipient_state, smtp_response = $4, attempts = attempts + 1, updated_at = now(),
              next_attempt_at = CASE WHEN $3 = 'deferred' THEN now() + make_interval(secs => $5::float / 1000) END
        WHERE outbox_id = $1 AND address = $2 AND state <> 'accepted'`,
      [outboxId, address, deferred ? RecipientState.Deferred : RecipientState.Refused, response.slice(0, 2_000), retryDelayMs],
    );
  }
}
