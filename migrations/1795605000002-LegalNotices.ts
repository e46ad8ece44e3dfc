import { MigrationInterface, QueryRunner } from 'typeorm';

export class LegalNotices1795605000002 implements MigrationInterface {
  name = 'LegalNotices1795605000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE legal_notice_kind AS ENUM ('privacy', 'imprint', 'accessibility')`);
    // The privacy notice, legal notice and accessibility statement, versioned: at most one draft per kind, published versions numbered.
    await queryRunner.query(`
      CREATE TABLE legal_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind legal_notice_kind NOT NULL,
        version integer,
        text_de text NOT NULL,
        text_en text NOT NULL,
        text_zh text NOT NULL,
        edited_by uuid NOT NULL CONSTRAINT legal_notices_edited_by_fkey REFERENCES users (id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid CONSTRAINT legal_notices_published_by_fkey REFERENCES users (id),
        published_at timestamptz,
        CONSTRAINT legal_notices_published_has_version CHECK ((published_at IS NULL) = (version IS NULL) AND (published_at IS NULL) = (published_by IS NULL)),
        CONSTRAINT legal_notices_version_positive CHECK (version IS NULL OR version > 0),
        CONSTRAINT legal_notices_texts_present CHECK (btrim(text_de) <> '' AND btrim(text_en) <> '' AND btrim(text_zh) <> '')
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX legal_notices_one_draft_per_kind ON legal_notices (kind) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX legal_notices_kind_version_key ON legal_notices (kind, version) WHERE version IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE legal_notices`);
    await queryRunner.query(`DROP TYPE legal_notice_kind`);
  }
}
