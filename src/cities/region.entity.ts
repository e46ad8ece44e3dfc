import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { CountryCode } from './country';

/** A German federal state or a Chinese province-level division (ISO 3166-2 code). */
@Entity('regions')
@Check('regions_code_format', `code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$' AND left(code, 2) = country`)
@Check('regions_country_known', `country IN ('DE', 'CN')`)
@Check('regions_names_present', `btrim(name_de) <> '' AND btrim(name_en) <> '' AND btrim(name_zh) <> ''`)
@Unique('regions_code_country_key', ['code', 'country'])
export class Region {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Column({ type: 'char', length: 2 })
  country: CountryCode;

  @Column({ type: 'text' })
  nameDe: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  nameZh: string;
}
