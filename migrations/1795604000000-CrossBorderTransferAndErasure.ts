import { MigrationInterface, QueryRunner } from 'typeorm';

const TRANSFER_BASES = `'consent', 'standard_contract', 'certification', 'security_assessment', 'not_applicable', 'none'`;

export class CrossBorderTransferAndErasure1795604000000 implements MigrationInterface {
  name = 'CrossBorderTransferAndErasure1795604000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Emails that must not go out any more (a withdrawn consent, an erased company) are cancelled, not deleted.
    await queryRunner.query(`ALTER TYPE outbox_status ADD VALUE 'cancelled'`);
    await queryRunner.query(`ALTER TABLE outbox_messages ADD cancelled_at timestamptz, ADD cancel_reason text`);

    // The legal basis under which a Chinese organisation's data may leave China (PIPL Art. 38-39); unset: it may not.
    await queryRunner.query(`CREATE TYPE transfer_basis AS ENUM (${TRANSFER_BASES})`);
    await queryRunner.query(`ALTER TABLE companies ADD transfer_basis transfer_basis`);

    // Why a request ended without an answer, for the others to read: an erasure or a withdrawn consent.
    await queryRunner.query(`ALTER TABLE match_requests ADD closing_reason varchar(64)`);

    // The audit trail stays append-only; the one exception is erasure, which may blank personal values in
    // before/after of the rows it names, and nothing else, inside a transaction that asks for it.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('isa.audit_pseudonymise', true) = 'on'
           AND (NEW.id, NEW.occurred_at, NEW.actor_type, NEW.actor_id, NEW.actor_role, NEW.action, NEW.subject_type, NEW.subject_id, NEW.request_id)
               IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.actor_type, OLD.actor_id, OLD.actor_role, OLD.action, OLD.subject_type, OLD.subject_id, OLD.request_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`ALTER TABLE match_requests DROP COLUMN closing_reason`);
    await queryRunner.query(`ALTER TABLE companies DROP COLUMN transfer_basis`);
    await queryRunner.query(`DROP TYPE transfer_basis`);
    await queryRunner.query(`ALTER TABLE outbox_messages DROP COLUMN cancel_reason, DROP COLUMN cancelled_at`);
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
    await queryRunner.query(`UPDATE outbox_messages SET status = 'failed' WHERE status = 'cancelled'`);
    await queryRunner.query(`DROP INDEX outbox_messages_pending_idx`);
    await queryRunner.query(`DROP INDEX outbox_messages_status_idx`);
    await queryRunner.query(`ALTER TYPE outbox_status RENAME TO outbox_status_old`);
    await queryRunner.query(`CREATE TYPE outbox_status AS ENUM ('pending', 'sending', 'sent', 'failed', 'unconfirmed')`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status TYPE outbox_status USING status::text::outbox_status`);
    await queryRunner.query(`ALTER TABLE outbox_messages ALTER COLUMN status SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE outbox_status_old`);
    await queryRunner.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (created_at) WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX outbox_messages_status_idx ON outbox_messages (status, created_at)`);
  }
}
