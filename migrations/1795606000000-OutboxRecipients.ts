import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRecipients1795606000000 implements MigrationInterface {
  name = 'OutboxRecipients1795606000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE outbox_recipient_role AS ENUM ('to', 'cc')`);
    await queryRunner.query(`CREATE TYPE outbox_recipient_state AS ENUM ('pending', 'accepted', 'deferred', 'refused')`);
    await queryRunner.query(`
      CREATE TABLE outbox_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id uuid NOT NULL CONSTRAINT outbox_recipients_outbox_fkey REFERENCES outbox_messages (id) ON DELETE CASCADE,
        address varchar(254) NOT NULL,
        role outbox_recipient_role NOT NULL,
        state outbox_recipient_state NOT NULL DEFAULT 'pending',
        smtp_response text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbox_recipients_attempts_not_negative CHECK (attempts >= 0),
        CONSTRAINT outbox_recipients_accepted_has_time CHECK ((state = 'accepted') = (accepted_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX outbox_recipients_one_per_address ON outbox_recipients (outbox_id, address)`);
    await queryRunner.query(`CREATE INDEX outbox_recipients_undelivered_idx ON outbox_recipients (outbox_id) WHERE state IN ('deferred', 'refused')`);
    // Messages sent before recipients were kept one by one: the recipients the server refused are known, the others took it.
    await queryRunner.query(`
      INSERT INTO outbox_recipients (outbox_id, address, role, state, smtp_response, attempts, accepted_at, created_at, updated_at)
      SELECT message.id, recipient.address, recipient.role::outbox_recipient_role,
             (CASE WHEN message.status <> 'sent' THEN 'pending'
                   WHEN recipient.address = ANY (message.rejected_recipients) THEN 'refused'
                   ELSE 'accepted' END)::outbox_recipient_state,
             CASE WHEN message.status = 'sent' AND NOT recipient.address = ANY (message.rejected_recipients) THEN message.smtp_response END,
             message.attempts,
             CASE WHEN message.status = 'sent' AND NOT recipient.address = ANY (message.rejected_recipients) THEN coalesce(message.sent_at, message.updated_at) END,
             message.created_at, message.updated_at
        FROM outbox_messages message
        CROSS JOIN LATERAL (SELECT message.recipient AS address, 'to' AS role UNION SELECT unnest(message.cc), 'cc') recipient
       WHERE recipient.role = 'to' OR recipient.address <> message.recipient
      ON CONFLICT DO NOTHING`);
    // A message marked sent although the server refused its To never reached the one it was for.
    await queryRunner.query(`
      UPDATE outbox_messages
         SET status = 'failed', failed_at = coalesce(sent_at, updated_at), sent_at = NULL,
             last_error = 'The server refused the recipient at RCPT TO (its answer was not kept); correct the address and send it again.'
       WHERE status = 'sent' AND recipient = ANY (rejected_recipients)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_recipients`);
    await queryRunner.query(`DROP TYPE outbox_recipient_state`);
    await queryRunner.query(`DROP TYPE outbox_recipient_role`);
  }
}
