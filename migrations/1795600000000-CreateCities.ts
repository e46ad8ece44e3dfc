import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCities1795600000000 implements MigrationInterface {
  name = 'CreateCities1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE regions (
        code varchar(6) PRIMARY KEY,
        country char(2) NOT NULL,
        name_de text NOT NULL,
        name_en text NOT NULL,
        name_zh text NOT NULL,
        CONSTRAINT regions_code_format CHECK (code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$' AND left(code, 2) = country),
        CONSTRAINT regions_country_known CHECK (country IN ('DE', 'CN')),
        CONSTRAINT regions_names_present CHECK (btrim(name_de) <> '' AND btrim(name_en) <> '' AND btrim(name_zh) <> ''),
        CONSTRAINT regions_code_country_key UNIQUE (code, country)
      )`);
    await queryRunner.query(`
      CREATE TABLE cities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(64) NOT NULL CONSTRAINT cities_slug_key UNIQUE,
        name_de text NOT NULL,
        name_en text NOT NULL,
        name_zh text,
        country char(2) NOT NULL,
        region_code varchar(6) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT cities_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT cities_names_present CHECK (btrim(name_de) <> '' AND btrim(name_en) <> '' AND btrim(coalesce(name_zh, 'x')) <> ''),
        CONSTRAINT cities_chinese_member_has_chinese_name CHECK (country <> 'CN' OR name_zh IS NOT NULL),
        CONSTRAINT cities_region_in_same_country FOREIGN KEY (region_code, country) REFERENCES regions (code, country)
      )`);
    await queryRunner.query(`CREATE INDEX cities_region_code_idx ON cities (region_code)`);
    await queryRunner.query(`
      CREATE TABLE city_municipalities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        city_id uuid NOT NULL CONSTRAINT city_municipalities_city_fkey REFERENCES cities (id) ON DELETE CASCADE,
        name text NOT NULL,
        name_key text NOT NULL CONSTRAINT city_municipalities_name_key_key UNIQUE,
        CONSTRAINT city_municipalities_name_present CHECK (btrim(name) <> '' AND name_key <> '')
      )`);
    await queryRunner.query(`CREATE INDEX city_municipalities_city_id_idx ON city_municipalities (city_id)`);
    await queryRunner.query(`CREATE INDEX city_municipalities_name_key_trgm_idx ON city_municipalities USING gin (name_key gin_trgm_ops)`);
    await queryRunner.query(`CREATE TYPE introduction_routing AS ENUM ('company_with_office_cc', 'via_office')`);
    await queryRunner.query(`
      CREATE TABLE office_contacts (
        city_id uuid PRIMARY KEY CONSTRAINT office_contacts_city_fkey REFERENCES cities (id) ON DELETE CASCADE,
        office_name text NOT NULL,
        contact_person text,
        email varchar(254) NOT NULL,
        phone varchar(40),
        postal_address text,
        preferred_language varchar(2) NOT NULL,
        introduction_routing introduction_routing NOT NULL DEFAULT 'company_with_office_cc',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT office_contacts_office_name_present CHECK (btrim(office_name) <> ''),
        CONSTRAINT office_contacts_email_format CHECK (email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
        CONSTRAINT office_contacts_language_format CHECK (preferred_language ~ '^[a-z]{2}$')
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE office_contacts`);
    await queryRunner.query(`DROP TYPE introduction_routing`);
    await queryRunner.query(`DROP TABLE city_municipalities`);
    await queryRunner.query(`DROP TABLE cities`);
    await queryRunner.query(`DROP TABLE regions`);
    // pg_trgm stays: other objects of the database may use it.
  }
}
