import { MigrationInterface, QueryRunner } from 'typeorm';
import { nameSkeleton } from '../src/common/names';

type Row = { id: string; legal_name: string; city_id: string };

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const PREVIOUS_CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', г: 'r', д: 'd', е: 'e', ё: 'e', з: '3', и: 'u', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ь: 'b', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y', ɡ: 'g',
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', ς: 'c', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  ı: 'i', ȷ: 'j', ſ: 's',
};

/** The skeleton before invisible letters (Hangul fillers, U+FEFF), Armenian letters and Greek capitals counted. */
const previousKey = (legalName: string) =>
  [
    ...legalName
      .normalize('NFKC')
      .replace(/[\p{Cc}\p{Cf}]/gu, (character) => (BIDI_CONTROLS.test(character) ? '' : /\s/u.test(character) ? ' ' : ''))
      .replace(/\s+/gu, ' ')
      .trim()
      .replace(BIDI_CONTROLS, '')
      .toLowerCase(),
  ]
    .map((character) => PREVIOUS_CONFUSABLES[character] ?? character)
    .join('');

export class LegalNameSkeletonInvisibles1795608000000 implements MigrationInterface {
  name = 'LegalNameSkeletonInvisibles1795608000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The skeleton now also drops whatever renders as nothing and knows Armenian letters and Greek capitals.
    await this.rekey(queryRunner, nameSkeleton);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.rekey(queryRunner, previousKey);
  }

  /** Profiles on file whose keys now meet stay apart (the younger one's key gets its id), so that the unique index holds. */
  private async rekey(queryRunner: QueryRunner, keyOf: (legalName: string) => string): Promise<void> {
    const rows: Row[] = await queryRunner.query(`SELECT id, legal_name, city_id FROM companies WHERE status <> 'erased' ORDER BY created_at, id`);
    const seen = new Set<string>();
    const ids: string[] = [];
    const keys: string[] = [];
    for (const row of rows) {
      const key = keyOf(row.legal_name);
      const unique = seen.has(`${row.city_id} ${key}`) ? `${key} ${row.id}` : key;
      seen.add(`${row.city_id} ${unique}`);
      ids.push(row.id);
      keys.push(unique || row.id);
    }
    // Keys are set aside first: a row may take the key another row still holds.
    await queryRunner.query(`UPDATE companies SET legal_name_key = 'rekey ' || id WHERE status <> 'erased'`);
    await queryRunner.query(`UPDATE companies SET legal_name_key = data.key FROM unnest($1::uuid[], $2::text[]) AS data (id, key) WHERE companies.id = data.id`, [ids, keys]);
  }
}
