import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { City } from './city.entity';

/** A town name (or alias, in any language) that belongs to a member city. */
@Entity('city_municipalities')
@Check('city_municipalities_name_present', `btrim(name) <> '' AND name_key <> ''`)
// Trigram index for the nearest-name suggestions; TypeORM cannot describe its operator class.
@Index('city_municipalities_name_key_trgm_idx', { synchronize: false })
export class CityMunicipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  @Index('city_municipalities_city_id_idx')
  cityId: string;

  @ManyToOne(() => City, (city) => city.municipalities, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'city_municipalities_city_fkey' })
  city: City;

  @Column({ type: 'text' })
  name: string;

  /** placeKey(name); unique across all members, so a town belongs to one member only. */
  @Column({ type: 'text', unique: true })
  nameKey: string;
}
