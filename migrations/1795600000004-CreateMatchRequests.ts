import { MigrationInterface, QueryRunner } from 'typeorm';

/** Kept verbatim in typeorm_metadata so that schema comparison sees the column as unchanged. */
const OFFERS_VECTOR_EXPRESSION = "to_tsvector('german'::regconfig, search_offers) || to_tsvector('english'::regconfig, search_offers)";

const OPEN_STATUSES = `'pending_review', 'pending_partner_office', 'approved', 'introduced', 'accepted'`;

export class CreateMatchRequests1795600000004 implements MigrationInterface {
  name = 'CreateMatchRequests1795600000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE office_contacts ADD approves_introductions boolean NOT NULL DEFAULT false`);

    // What a company offers, as its own text vector: suggestions rank one company's "seeks" against it.
    await queryRunner.query(`ALTER TABLE companies ADD search_offers text NOT NULL DEFAULT ''`);
    await queryRunner.query(`UPDATE companies SET search_offers = offers_text || ' ' || array_to_string(keywords, ' ')`);
    await queryRunner.query(`ALTER TABLE companies ADD offers_vector tsvector GENERATED ALWAYS AS (${OFFERS_VECTOR_EXPRESSION}) STORED NOT NULL`);
    await queryRunner.query(
      `INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
       VALUES ('GENERATED_COLUMN', current_database(), current_schema(), 'companies', 'offers_vector', $1)`,
      [OFFERS_VECTOR_EXPRESSION],
    );
    await queryRunner.query(`CREATE INDEX companies_offers_vector_idx ON companies USING gin (offers_vector)`);
    await queryRunner.query(`CREATE INDEX companies_offers_types_idx ON companies USING gin (offers_types)`);
    await queryRunner.query(`CREATE INDEX companies_seeks_types_idx ON companies USING gin (seeks_types)`);

    await queryRunner.query(`
      CREATE TYPE match_request_status AS ENUM (
        'pending_review', 'pending_partner_office', 'approved', 'rejected', 'withdrawn', 'introduced', 'accepted', 'declined', 'expired', 'connected'
      )`);
    await queryRunner.query(`CREATE TYPE match_request_origin AS ENUM ('company', 'officer')`);
    await queryRunner.query(`
      CREATE TABLE match_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requester_company_id uuid NOT NULL CONSTRAINT match_requests_requester_fkey REFERENCES companies (id),
        target_company_id uuid NOT NULL CONSTRAINT match_requests_target_fkey REFERENCES companies (id),
        origin match_request_origin NOT NULL,
        proposed_by uuid CONSTRAINT match_requests_proposed_by_fkey REFERENCES users (id),
        purpose cooperation_type NOT NULL,
        message text NOT NULL,
        status match_request_status NOT NULL DEFAULT 'pending_review',
        score real NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]',
        officer_note text,
        rejection_reason text,
        decline_reason text,
        home_decided_by uuid CONSTRAINT match_requests_home_decided_by_fkey REFERENCES users (id),
        home_decided_at timestamptz,
        partner_office_decided_by uuid CONSTRAINT match_requests_partner_office_decided_by_fkey REFERENCES users (id),
        partner_office_decided_at timestamptz,
        introduced_at timestamptz,
        respond_by timestamptz,
        reminder_queued_at timestamptz,
        responded_at timestamptz,
        connected_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT match_requests_distinct_companies CHECK (requester_company_id <> target_company_id),
        CONSTRAINT match_requests_message_length CHECK (char_length(btrim(message)) BETWEEN 1 AND 2000),
        CONSTRAINT match_requests_rejection_has_reason CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
        CONSTRAINT match_requests_officer_origin_has_proposer CHECK (origin = 'company' OR proposed_by IS NOT NULL),
        CONSTRAINT match_requests_introduced_has_deadline CHECK (
          status NOT IN ('introduced', 'accepted', 'declined', 'expired', 'connected') OR (introduced_at IS NOT NULL AND respond_by IS NOT NULL)
        )
      )`);
    // One open request per pair of companies, whoever asked first.
    await queryRunner.query(`
      CREATE UNIQUE INDEX match_requests_open_pair_key
        ON match_requests (least(requester_company_id, target_company_id), greatest(requester_company_id, target_company_id))
        WHERE status IN (${OPEN_STATUSES})`);
    await queryRunner.query(`CREATE INDEX match_requests_requester_idx ON match_requests (requester_company_id, status)`);
    await queryRunner.query(`CREATE INDEX match_requests_target_idx ON match_requests (target_company_id, status)`);
    await queryRunner.query(`CREATE INDEX match_requests_status_created_idx ON match_requests (status, created_at)`);
    await queryRunner.query(`CREATE INDEX match_requests_respond_by_idx ON match_requests (respond_by) WHERE status = 'introduced'`);

    await queryRunner.query(`
      CREATE TABLE suggestion_alerts (
        company_id uuid PRIMARY KEY CONSTRAINT suggestion_alerts_company_fkey REFERENCES companies (id) ON DELETE CASCADE,
        enabled boolean NOT NULL DEFAULT false,
        last_digest_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX suggestion_alerts_enabled_idx ON suggestion_alerts (last_digest_at) WHERE enabled`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE suggestion_alerts`);
    await queryRunner.query(`DROP TABLE match_requests`);
    await queryRunner.query(`DROP TYPE match_request_origin`);
    await queryRunner.query(`DROP TYPE match_request_status`);
    await queryRunner.query(`DROP INDEX companies_seeks_types_idx`);
    await queryRunner.query(`DROP INDEX companies_offers_types_idx`);
    await queryRunner.query(`ALTER TABLE companies DROP COLUMN offers_vector`);
    await queryRunner.query(`DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'companies' AND name = 'offers_vector' AND schema = current_schema()`);
    await queryRunner.query(`ALTER TABLE companies DROP COLUMN search_offers`);
    await queryRunner.query(`ALTER TABLE office_contacts DROP COLUMN approves_introductions`);
  }
}
