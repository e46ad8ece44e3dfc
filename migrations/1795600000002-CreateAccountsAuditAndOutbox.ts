import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccountsAuditAndOutbox1795600000002 implements MigrationInterface {
  name = 'CreateAccountsAuditAndOutbox1795600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE user_role AS ENUM ('admin', 'officer')`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CONSTRAINT users_email_key UNIQUE,
        display_name text NOT NULL,
        role user_role NOT NULL,
        city_id uuid CONSTRAINT users_city_fkey REFERENCES cities (id),
        password_hash text,
        totp_secret text,
        totp_enabled_at timestamptz,
        totp_last_step bigint,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
        CONSTRAINT users_display_name_present CHECK (btrim(display_name) <> ''),
        CONSTRAINT users_officer_has_city CHECK (role <> 'officer' OR city_id IS NOT NULL),
        CONSTRAINT users_totp_enabled_has_secret CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL)
      )`);

    await queryRunner.query(`CREATE TYPE principal_type AS ENUM ('user', 'company')`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash char(64) NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
        principal_type principal_type NOT NULL,
        user_id uuid CONSTRAINT sessions_user_fkey REFERENCES users (id) ON DELETE CASCADE,
        company_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        user_agent text,
        ip_address text,
        CONSTRAINT sessions_one_principal CHECK (
          (principal_type = 'user' AND user_id IS NOT NULL AND company_id IS NULL)
          OR (principal_type = 'company' AND company_id IS NOT NULL AND user_id IS NULL)
        )
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await queryRunner.query(`CREATE INDEX sessions_company_id_idx ON sessions (company_id)`);

    await queryRunner.query(`CREATE TYPE token_purpose AS ENUM ('password_setup', 'magic_link', 'email_verification', 'partner_response')`);
    await queryRunner.query(`
      CREATE TABLE auth_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose token_purpose NOT NULL,
        token_hash char(64) NOT NULL CONSTRAINT auth_tokens_token_hash_key UNIQUE,
        user_id uuid CONSTRAINT auth_tokens_user_fkey REFERENCES users (id) ON DELETE CASCADE,
        subject_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT auth_tokens_has_owner CHECK (user_id IS NOT NULL OR subject_id IS NOT NULL),
        CONSTRAINT auth_tokens_expiry_after_creation CHECK (expires_at > created_at)
      )`);
    await queryRunner.query(`CREATE INDEX auth_tokens_user_id_idx ON auth_tokens (user_id)`);
    await queryRunner.query(`CREATE INDEX auth_tokens_subject_id_idx ON auth_tokens (subject_id)`);

    await queryRunner.query(`CREATE TYPE audit_actor_type AS ENUM ('user', 'company', 'partner', 'system')`);
    await queryRunner.query(`
      CREATE TABLE audit_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_type audit_actor_type NOT NULL,
        actor_id uuid,
        actor_role varchar(32),
        action varchar(64) NOT NULL,
        subject_type varchar(32) NOT NULL,
        subject_id varchar(64),
        before jsonb,
        after jsonb,
        request_id varchar(128),
        CONSTRAINT audit_entries_action_format CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$')
      )`);
    await queryRunner.query(`CREATE INDEX audit_entries_occurred_at_idx ON audit_entries (occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_entries_subject_idx ON audit_entries (subject_type, subject_id)`);
    await queryRunner.query(`CREATE INDEX audit_entries_actor_id_idx ON audit_entries (actor_id)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);

    await queryRunner.query(`CREATE TYPE outbox_status AS ENUM ('pending', 'sending', 'sent', 'failed')`);
    await queryRunner.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template varchar(64) NOT NULL,
        language varchar(2) NOT NULL,
        recipient varchar(254) NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        status outbox_status NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT outbox_messages_template_format CHECK (template ~ '^[a-z][a-z0-9_]*$'),
        CONSTRAINT outbox_messages_language_format CHECK (language ~ '^[a-z]{2}$')
      )`);
    await queryRunner.query(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (created_at) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE outbox_messages`);
    await queryRunner.query(`DROP TYPE outbox_status`);
    await queryRunner.query(`DROP TABLE audit_entries`);
    await queryRunner.query(`DROP FUNCTION audit_entries_append_only()`);
    await queryRunner.query(`DROP TYPE audit_actor_type`);
    await queryRunner.query(`DROP TABLE auth_tokens`);
    await queryRunner.query(`DROP TYPE token_purpose`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`DROP TYPE principal_type`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TYPE user_role`);
  }
}
