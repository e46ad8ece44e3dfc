import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntroductionContactAndEmailChange1795601000000 implements MigrationInterface {
  name = 'IntroductionContactAndEmailChange1795601000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The partner's contact person for one introduction, as confirmed on the answer page: never the account's login address.
    await queryRunner.query(`
      ALTER TABLE match_requests
        ADD partner_contact_name varchar(120),
        ADD partner_contact_role varchar(120),
        ADD partner_contact_email varchar(254),
        ADD partner_contact_phone varchar(40),
        ADD CONSTRAINT match_requests_partner_contact_complete CHECK ((partner_contact_name IS NULL) = (partner_contact_email IS NULL)),
        ADD CONSTRAINT match_requests_partner_contact_email_normalised CHECK (partner_contact_email IS NULL OR partner_contact_email = lower(btrim(partner_contact_email)))
    `);
    // Only the SHA-256 of the link's token is looked up; the sealed copy renders the email at send time and goes once the change is closed.
    await queryRunner.query(`
      CREATE TABLE company_email_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        company_id uuid NOT NULL CONSTRAINT company_email_changes_company_fkey REFERENCES companies (id) ON DELETE CASCADE,
        new_email varchar(254) NOT NULL,
        token_hash char(64) NOT NULL CONSTRAINT company_email_changes_token_hash_key UNIQUE,
        sealed_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        CONSTRAINT company_email_changes_expiry_after_creation CHECK (expires_at > created_at),
        CONSTRAINT company_email_changes_confirmed_or_cancelled CHECK (confirmed_at IS NULL OR cancelled_at IS NULL),
        CONSTRAINT company_email_changes_closed_not_sealed CHECK ((confirmed_at IS NULL AND cancelled_at IS NULL) OR sealed_token IS NULL),
        CONSTRAINT company_email_changes_email_normalised CHECK (new_email = lower(btrim(new_email)))
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX company_email_changes_one_open_key ON company_email_changes (company_id) WHERE confirmed_at IS NULL AND cancelled_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE company_email_changes`);
    await queryRunner.query(`
      ALTER TABLE match_requests
        DROP CONSTRAINT match_requests_partner_contact_email_normalised,
        DROP CONSTRAINT match_requests_partner_contact_complete,
        DROP COLUMN partner_contact_phone,
        DROP COLUMN partner_contact_email,
        DROP COLUMN partner_contact_role,
        DROP COLUMN partner_contact_name
    `);
  }
}
