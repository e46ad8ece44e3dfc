import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailDelivery1795600000005 implements MigrationInterface {
  name = 'MailDelivery1795600000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A worker stopped while the SMTP server had the message: it may have gone out, so it is not sent again unasked.
    await queryRunner.query(`ALTER TYPE outbox_status ADD VALUE 'unconfirmed'`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN language TYPE varchar(5)`);
    await queryRunner.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_language_format`);
    await queryRunner.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_language_format CHECK (language ~ '^[a-z]{2}(-[a-z]{2})?$')`);
    await queryRunner.query(`
      ALTER TABLE outbox_messages
        ADD cc text[] NOT NULL DEFAULT '{}',
        ADD queued_at timestamptz,
        ADD claimed_at timestamptz,
        ADD failed_at timestamptz,
        ADD message_id varchar(255),
        ADD smtp_response text,
        ADD accepted_recipients text[] NOT NULL DEFAULT '{}',
        ADD rejected_recipients text[] NOT NULL DEFAULT '{}',
        ADD updated_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`CREATE INDEX outbox_messages_status_idx ON outbox_messages (status, created_at)`);
    await queryRunner.query(`CREATE INDEX outbox_messages_match_request_idx ON outbox_messages ((payload->>'matchRequestId')) WHERE payload ? 'matchRequestId'`);

    await queryRunner.query(`CREATE TYPE officer_notification_mode AS ENUM ('immediate', 'daily', 'off')`);
    await queryRunner.query(`ALTER TABLE users ADD notification_mode officer_notification_mode NOT NULL DEFAULT 'immediate', ADD last_digest_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN last_digest_at, DROP COLUMN notification_mode`);
    await queryRunner.query(`DROP TYPE officer_notification_mode`);
    await queryRunner.query(`DROP INDEX outbox_messages_match_request_idx`);
    await queryRunner.query(`DROP INDEX outbox_messages_status_idx`);
    await queryRunner.query(`
      ALTER TABLE outbox_messages
        DROP COLUMN updated_at, DROP COLUMN rejected_recipients, DROP COLUMN accepted_recipients, DROP COLUMN smtp_response,
        DROP COLUMN message_id, DROP COLUMN failed_at, DROP COLUMN claimed_at, DROP COLUMN queued_at, DROP COLUMN cc`);
    await queryRunner.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_language_format`);
    await queryRunner.query(`UPDATE outbox_messages SET language = 'zh' WHERE language = 'zh-en'`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN language TYPE varchar(2)`);
    await queryRunner.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_language_format CHECK (language ~ '^[a-z]{2}$')`);
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
    await queryRunner.query(`UPDATE outbox_messages SET status = 'failed' WHERE status = 'unconfirmed'`);
    await queryRunner.query(`DROP INDEX outbox_messages_pending_idx`);
    await queryRunner.query(`ALTER TYPE outbox_status RENAME TO outbox_status_old`);
    await queryRunner.query(`CREATE TYPE outbox_status AS ENUM ('pending', 'sending', 'sent', 'failed')`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status TYPE outbox_status USING status::text::outbox_status`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE outbox_status_old`);
    await queryRunner.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (created_at) WHERE status = 'pending'`);
  }
}
