import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, JoinColumn, ManyToOne, OneToMany, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CityMunicipality } from './city-municipality.entity';
import { CountryCode } from './country';
import { OfficeContact } from './office-contact.entity';
import { Region } from './region.entity';

/** A member of the ISA: a city, a district or a group of towns. */
@Entity('cities')
@Check('cities_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('cities_names_present', `btrim(name_de) <> '' AND btrim(name_en) <> '' AND btrim(coalesce(name_zh, 'x')) <> ''`)
@Check('cities_chinese_member_has_chinese_name', `country <> 'CN' OR name_zh IS NOT NULL`)
@ForeignKey(() => Region, ['regionCode', 'country'], ['code', 'country'], { name: 'cities_region_in_same_country' })
export class City {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  slug: string;

  @Column({ type: 'text' })
  nameDe: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text', nullable: true })
  nameZh: string | null;

  @Column({ type: 'char', length: 2 })
  country: CountryCode;

  @Column({ type: 'varchar', length: 6 })
  @Index('cities_region_code_idx')
  regionCode: string;

  // The foreign key is the composite one above: a member's region must be in its own country.
  @ManyToOne(() => Region, { nullable: false, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'region_code' })
  region: Region;

  @OneToMany(() => CityMunicipality, (municipality) => municipality.city)
  municipalities: CityMunicipality[];

  @OneToOne(() => OfficeContact, (contact) => contact.city)
  officeContact: OfficeContact | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
