import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kept verbatim in typeorm_metadata so that schema comparison sees the column as unchanged. */
const SEARCH_VECTOR_EXPRESSION =
  "setweight(to_tsvector('german'::regconfig, search_primary) || to_tsvector('english'::regconfig, search_primary), 'A') || setweight(to_tsvector('german'::regconfig, search_secondary) || to_tsvector('english'::regconfig, search_secondary), 'B')";

export class CreateCompanies1795600000003 implements MigrationInterface {
  name = 'CreateCompanies1795600000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE company_status AS ENUM ('unverified', 'pending_review', 'active', 'rejected', 'paused', 'expired', 'erased')`);
    await queryRunner.query(`CREATE TYPE organisation_type AS ENUM ('company', 'research_institution', 'university', 'cluster', 'association')`);
    await queryRunner.query(`CREATE TYPE sme_class AS ENUM ('micro', 'small', 'medium', 'large')`);
    await queryRunner.query(`
      CREATE TYPE cooperation_type AS ENUM (
        'distribution', 'supplier', 'manufacturing', 'technology_licensing', 'joint_venture', 'research_cooperation', 'investment', 'services'
      )`);
    await queryRunner.query(`
      CREATE TABLE companies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status company_status NOT NULL DEFAULT 'unverified',
        legal_name text NOT NULL,
        legal_name_key text NOT NULL,
        organisation_type organisation_type NOT NULL,
        street text NOT NULL,
        postcode varchar(16) NOT NULL,
        municipality text NOT NULL,
        city_id uuid NOT NULL CONSTRAINT companies_city_fkey REFERENCES cities (id),
        website varchar(300),
        founding_year smallint,
        description text NOT NULL DEFAULT '',
        staff_headcount integer NOT NULL,
        annual_turnover_eur bigint,
        balance_sheet_total_eur bigint,
        sme_class sme_class NOT NULL,
        nace_codes text[] NOT NULL,
        nace_paths text[] NOT NULL,
        offers_types cooperation_type[] NOT NULL DEFAULT '{}',
        offers_text text NOT NULL DEFAULT '',
        seeks_types cooperation_type[] NOT NULL DEFAULT '{}',
        seeks_text text NOT NULL DEFAULT '',
        keywords text[] NOT NULL DEFAULT '{}',
        target_countries text[] NOT NULL DEFAULT '{}',
        target_regions text[] NOT NULL DEFAULT '{}',
        target_cities text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL,
        preferred_language varchar(2) NOT NULL,
        contact_name text,
        contact_role text,
        contact_email varchar(254),
        contact_phone varchar(40),
        anonymous boolean NOT NULL DEFAULT false,
        search_primary text NOT NULL DEFAULT '',
        search_secondary text NOT NULL DEFAULT '',
        search_pinyin text NOT NULL DEFAULT '',
        search_vector tsvector GENERATED ALWAYS AS (${SEARCH_VECTOR_EXPRESSION}) STORED NOT NULL,
        email_verified_at timestamptz,
        reviewed_at timestamptz,
        reviewed_by uuid CONSTRAINT companies_reviewed_by_fkey REFERENCES users (id),
        rejection_reason text,
        activated_at timestamptz,
        expires_at timestamptz,
        renewal_reminder_queued_at timestamptz,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT companies_legal_name_present CHECK (btrim(legal_name) <> '' AND legal_name_key <> ''),
        CONSTRAINT companies_size_not_negative CHECK (
          staff_headcount >= 0 AND coalesce(annual_turnover_eur, 0) >= 0 AND coalesce(balance_sheet_total_eur, 0) >= 0
        ),
        CONSTRAINT companies_founding_year_plausible CHECK (founding_year IS NULL OR founding_year BETWEEN 1000 AND 2100),
        CONSTRAINT companies_has_sectors CHECK (cardinality(nace_codes) BETWEEN 1 AND 10),
        CONSTRAINT companies_preferred_language_spoken CHECK (preferred_language = ANY (languages)),
        CONSTRAINT companies_contact_unless_erased CHECK (status = 'erased' OR (contact_name IS NOT NULL AND contact_email IS NOT NULL)),
        CONSTRAINT companies_contact_email_normalised CHECK (contact_email IS NULL OR contact_email = lower(btrim(contact_email))),
        CONSTRAINT companies_active_has_expiry CHECK (status <> 'active' OR expires_at IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX companies_contact_email_key ON companies (contact_email) WHERE status <> 'erased'`);
    await queryRunner.query(`CREATE UNIQUE INDEX companies_name_city_key ON companies (legal_name_key, city_id) WHERE status <> 'erased'`);
    await queryRunner.query(`CREATE INDEX companies_city_id_idx ON companies (city_id)`);
    await queryRunner.query(`CREATE INDEX companies_status_idx ON companies (status)`);
    await queryRunner.query(
      `INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
       VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'companies', 'search_vector', $1)`,
      [SEARCH_VECTOR_EXPRESSION],
    );
    await queryRunner.query(`CREATE INDEX companies_search_vector_idx ON companies USING gin (search_vector)`);
    await queryRunner.query(`CREATE INDEX companies_search_pinyin_idx ON companies USING gin (search_pinyin gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX companies_nace_paths_idx ON companies USING gin (nace_paths)`);
    await queryRunner.query(`ALTER TABLE sessions ADD CONSTRAINT sessions_company_fkey FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE`);

    await queryRunner.query(`CREATE TYPE consent_kind AS ENUM ('privacy_policy', 'china_transfer')`);
    await queryRunner.query(`
      CREATE TABLE company_consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        company_id uuid NOT NULL CONSTRAINT company_consents_company_fkey REFERENCES companies (id) ON DELETE CASCADE,
        kind consent_kind NOT NULL,
        version varchar(32) NOT NULL,
        given_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        CONSTRAINT company_consents_withdrawn_after_given CHECK (withdrawn_at IS NULL OR withdrawn_at >= given_at)
      )`);
    await queryRunner.query(`CREATE INDEX company_consents_company_id_idx ON company_consents (company_id)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX company_consents_one_open_per_kind ON company_consents (company_id, kind) WHERE withdrawn_at IS NULL`,
    );

    await queryRunner.query(`CREATE TYPE company_import_status AS ENUM ('queued', 'running', 'finished', 'failed')`);
    await queryRunner.query(`
      CREATE TABLE company_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_by uuid NOT NULL CONSTRAINT company_imports_created_by_fkey REFERENCES users (id),
        status company_import_status NOT NULL DEFAULT 'queued',
        file_name varchar(255) NOT NULL,
        csv text NOT NULL,
        total_rows integer NOT NULL,
        processed_rows integer NOT NULL DEFAULT 0,
        created_rows integer NOT NULL DEFAULT 0,
        refused_rows integer NOT NULL DEFAULT 0,
        results jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT company_imports_progress_consistent CHECK (
          processed_rows = created_rows + refused_rows AND processed_rows <= total_rows
        )
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE company_imports`);
    await queryRunner.query(`DROP TYPE company_import_status`);
    await queryRunner.query(`DROP TABLE company_consents`);
    await queryRunner.query(`DROP TYPE consent_kind`);
    await queryRunner.query(`ALTER TABLE sessions DROP CONSTRAINT sessions_company_fkey`);
    await queryRunner.query(`DROP TABLE companies`);
    await queryRunner.query(`DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'companies' AND schema = current_schema()`);
    await queryRunner.query(`DROP TYPE cooperation_type`);
    await queryRunner.query(`DROP TYPE sme_class`);
    await queryRunner.query(`DROP TYPE organisation_type`);
    await queryRunner.query(`DROP TYPE company_status`);
  }
}
