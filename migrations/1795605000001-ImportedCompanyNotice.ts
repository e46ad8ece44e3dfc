import { MigrationInterface, QueryRunner } from 'typeorm';

export class ImportedCompanyNotice1795605000001 implements MigrationInterface {
  name = 'ImportedCompanyNotice1795605000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE token_purpose ADD VALUE IF NOT EXISTS 'listing_review'`);
    await queryRunner.query(`CREATE TYPE listing_legal_basis AS ENUM ('public_task', 'consent')`);
    // An imported organisation is told it is listed (GDPR Art. 14) before anyone is introduced to it.
    await queryRunner.query(`
      ALTER TABLE companies
        ADD imported_by uuid CONSTRAINT companies_imported_by_fkey REFERENCES users (id),
        ADD listing_legal_basis listing_legal_basis,
        ADD privacy_notice_delivered_at timestamptz,
        ADD listing_confirmed_at timestamptz,
        ADD CONSTRAINT companies_imported_has_legal_basis CHECK (imported_by IS NULL OR listing_legal_basis IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE companies
        DROP CONSTRAINT companies_imported_has_legal_basis,
        DROP COLUMN listing_confirmed_at,
        DROP COLUMN privacy_notice_delivered_at,
        DROP COLUMN listing_legal_basis,
        DROP COLUMN imported_by`);
    await queryRunner.query(`DROP TYPE listing_legal_basis`);
    // PostgreSQL cannot drop an enum value: the type is rebuilt without it.
    await queryRunner.query(`DELETE FROM auth_tokens WHERE purpose = 'listing_review'`);
    await queryRunner.query(`ALTER TYPE token_purpose RENAME TO token_purpose_old`);
    await queryRunner.query(`CREATE TYPE token_purpose AS ENUM ('password_setup', 'magic_link', 'email_verification', 'partner_response')`);
    await queryRunner.query(`ALTER TABLE auth_tokens ALTER COLUMN purpose TYPE token_purpose USING purpose::text::token_purpose`);
    await queryRunner.query(`DROP TYPE token_purpose_old`);
  }
}
