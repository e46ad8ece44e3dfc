import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { City } from './city.entity';

export enum IntroductionRouting {
  /** The introduction goes to the company, with the member's office in copy. */
  CompanyWithOfficeCc = 'company_with_office_cc',
  /** The introduction goes to the office, which forwards it to the company. */
  ViaOffice = 'via_office',
}

/** The economic development office of a member city: the contact introductions go through. */
@Entity('office_contacts')
@Check('office_contacts_office_name_present', `btrim(office_name) <> ''`)
@Check('office_contacts_email_format', `email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'`)
@Check('office_contacts_language_format', `preferred_language ~ '^[a-z]{2}$'`)
export class OfficeContact {
  @PrimaryColumn({ type: 'uuid' })
  cityId: string;

  @OneToOne(() => City, (city) => city.officeContact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'office_contacts_city_fkey' })
  city: City;

  @Column({ type: 'text' })
  officeName: string;

  @Column({ type: 'text', nullable: true })
  contactPerson: string | null;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  postalAddress: string | null;

  @Column({ type: 'varchar', length: 2 })
  preferredLanguage: string;

  @Column({ type: 'enum', enum: IntroductionRouting, enumName: 'introduction_routing', default: IntroductionRouting.CompanyWithOfficeCc })
  introductionRouting: IntroductionRouting;

  /** The office reviews every introduction to a company in its city before it goes out. */
  @Column({ type: 'boolean', default: false })
  approvesIntroductions: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
