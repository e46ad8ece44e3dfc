import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResponseLinks1795601000001 implements MigrationInterface {
  name = 'ResponseLinks1795601000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A partner's answer link: a random token of which only the SHA-256 is looked up; the sealed copy lets the
    // email be rendered (and retried) at send time, and is dropped when the link is revoked.
    await queryRunner.query(`
      CREATE TABLE response_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        match_request_id uuid NOT NULL CONSTRAINT response_links_match_request_fkey REFERENCES match_requests (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL CONSTRAINT response_links_token_hash_key UNIQUE,
        sealed_token text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT response_links_expiry_after_creation CHECK (expires_at > created_at),
        CONSTRAINT response_links_revoked_not_sealed CHECK (revoked_at IS NULL OR sealed_token IS NULL)
      )
    `);
    await queryRunner.query(`CREATE INDEX response_links_match_request_idx ON response_links (match_request_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE response_links`);
  }
}
