import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay.service';
import { SecretLinks } from './secret-links.service';

export interface NewOutboxMessage {
  template: string;
  language: string;
  recipient: string;
  cc?: string[];
  payload: Record<string, unknown>;
  /**
   * A link that signs in, sets a password or confirms an address (its `token` issued in the same transaction). It is
   * never part of the payload: sealed apart, given to the template as `link` only when the worker sends the message.
   */
  secretLink?: string;
}

// Where a transaction collects the messages it wrote, for the relay to queue once it has committed.
export const COMMITTED_OUTBOX_IDS = 'outboxIds';

/** Stands in for an erased recipient's address, which the column cannot leave empty. */
export const ERASED_RECIPIENT = 'erased@invalid';

@Injectable()
export class OutboxService {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly secretLinks: SecretLinks,
  ) {}

  /** Adds an email to the outbox inside the caller's transaction: it exists exactly when the change commits, and is queued right after. */
  async enqueue(manager: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const repository = manager.getRepository(OutboxMessage);
    const { secretLink, ...fields } = message;
    // A link that signs someone in must never rest where officers can read it.
    if (/[?&]token=/.test(JSON.stringify(fields.payload))) throw new Error(`${fields.template}: a link with a token belongs in secretLink, not in the payload`);
    const saved = await repository.save(repository.create({ ...fields, cc: [...new Set(fields.cc ?? [])].filter((address) => address !== fields.recipient) }));
    if (secretLink !== undefined) await this.secretLinks.store(manager, saved.id, secretLink);
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) ((runner.data[COMMITTED_OUTBOX_IDS] ??= []) as string[]).push(saved.id);
    else this.relay.dispatch([saved.id]);
    return saved;
  }

  /**
   * Erasure of a recipient: mail not (surely) sent to it is cancelled, so nobody retries it, its address and name leave every row that held
   * them, and the ids of the rows about it are returned (their .eml copies go too).
   */
  async eraseRecipient(manager: EntityManager, subject: { emails: string[]; companyId: string; matchRequestIds: string[] }): Promise<string[]> {
    const emails = subject.emails.length > 0 ? subject.emails : [ERASED_RECIPIENT];
    // Its delivery records go with it; the message keeps the records of its other recipients. First, in the order in
    // which the worker recording a delivery locks them (recipients before their message).
    await manager.query(`DELETE FROM outbox_recipients WHERE address = ANY($1::text[])`, [emails]);
    await manager.query(
      `UPDATE outbox_messages SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'The recipient was erased.', updated_at = now()
        WHERE recipient = ANY($1::text[]) AND status IN ('pending', 'failed', 'unconfirmed')`,
      [emails],
    );
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE outbox_messages
          SET payload = CASE WHEN recipient = ANY($1::text[]) OR payload->>'companyId' = $2 THEN payload - ARRAY['legalName', 'contactName', 'recipientName'] ELSE payload END,
              recipient = CASE WHEN recipient = ANY($1::text[]) THEN $4 ELSE recipient END,
              cc = ARRAY(SELECT address FROM unnest(cc) address WHERE address <> ALL($1::text[])),
              accepted_recipients = ARRAY(SELECT address FROM unnest(accepted_recipients) address WHERE address <> ALL($1::text[])),
              rejected_recipients = ARRAY(SELECT address FROM unnest(rejected_recipients) address WHERE address <> ALL($1::text[])),
              last_error = regexp_replace(last_error, $5, $4, 'g'),
              smtp_response = regexp_replace(smtp_response, $5, $4, 'g')
        WHERE recipient = ANY($1::text[]) OR cc::text[] && $1::text[] OR payload->>'companyId' = $2 OR payload->>'partnerCompanyId' = $2 OR payload->>'matchRequestId' = ANY($3::text[])
        RETURNING id`,
      [emails, subject.companyId, subject.matchRequestIds, ERASED_RECIPIENT, addressPattern(emails)],
    );
    return rows.map((row) => row.id);
  }
}

/** A regular expression matching any of the addresses literally. */
function addressPattern(emails: string[]): string {
  return emails.map((email) => email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
