import { MigrationInterface, QueryRunner } from 'typeorm';
import { nameSkeleton, normaliseName } from '../src/common/names';

type Row = { id: string; legal_name: string; city_id: string };

const previousKey = (legalName: string) => legalName.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export class LegalNameSkeleton1795602000001 implements MigrationInterface {
  name = 'LegalNameSkeleton1795602000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Names lose invisible characters; the duplicate key becomes the look-alike skeleton (Cyrillic "а" is Latin "a").
    await this.rekey(queryRunner, (row) => ({ legalName: normaliseName(row.legal_name) || row.legal_name, key: nameSkeleton(row.legal_name) }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.rekey(queryRunner, (row) => ({ legalName: row.legal_name, key: previousKey(row.legal_name) }));
  }

  /**
   * Profiles on file whose names now meet stay apart (the younger one's key gets its id), so that the unique index
   * holds; an officer sees both in the review queue.
   */
  private async rekey(queryRunner: QueryRunner, keyOf: (row: Row) => { legalName: string; key: string }): Promise<void> {
    const rows: Row[] = await queryRunner.query(`SELECT id, legal_name, city_id FROM companies WHERE status <> 'erased' ORDER BY created_at, id`);
    const seen = new Set<string>();
    const ids: string[] = [];
    const names: string[] = [];
    const keys: string[] = [];
    for (const row of rows) {
      const { legalName, key } = keyOf(row);
      const unique = seen.has(`${row.city_id} ${key}`) ? `${key} ${row.id}` : key;
      seen.add(`${row.city_id} ${unique}`);
      ids.push(row.id);
      names.push(legalName);
      keys.push(unique || row.id);
    }
    // Keys are set aside first: a row may take the key another row still holds.
    await queryRunner.query(`UPDATE companies SET legal_name_key = 'rekey ' || id WHERE status <> 'erased'`);
    await queryRunner.query(
      `UPDATE companies SET legal_name = data.legal_name, legal_name_key = data.key
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS data (id, legal_name, key) WHERE companies.id = data.id`,
      [ids, names, keys],
    );
  }
}
