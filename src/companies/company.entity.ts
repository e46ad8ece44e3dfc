import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { City } from '../cities/city.entity';
import { CompanyStatus } from './company-status';
import { TransferBasis } from './cross-border-policy';
import { ListingLegalBasis } from './listing-notice';
import { CooperationType, OrganisationType } from './cooperation-type';
import { SmeClass } from './sme-class';

/** A registered organisation: its profile, its private contact person and where it stands. */
@Entity('companies')
@Check('companies_legal_name_present', `btrim(legal_name) <> '' AND legal_name_key <> ''`)
@Check('companies_size_not_negative', `staff_headcount >= 0 AND coalesce(annual_turnover_eur, 0) >= 0 AND coalesce(balance_sheet_total_eur, 0) >= 0`)
@Check('companies_founding_year_plausible', `founding_year IS NULL OR founding_year BETWEEN 1000 AND 2100`)
@Check('companies_has_sectors', `cardinality(nace_codes) BETWEEN 1 AND 10`)
@Check('companies_preferred_language_spoken', `preferred_language = ANY (languages)`)
@Check('companies_contact_unless_erased', `status = 'erased' OR (contact_name IS NOT NULL AND contact_email IS NOT NULL)`)
@Check('companies_contact_email_normalised', `contact_email IS NULL OR contact_email = lower(btrim(contact_email))`)
@Check('companies_active_has_expiry', `status <> 'active' OR expires_at IS NOT NULL`)
@Check('companies_imported_has_legal_basis', `imported_by IS NULL OR listing_legal_basis IS NOT NULL`)
@Index('companies_contact_email_key', { synchronize: false })
@Index('companies_name_city_key', { synchronize: false })
@Index('companies_search_vector_idx', { synchronize: false })
@Index('companies_search_pinyin_idx', { synchronize: false })
@Index('companies_nace_paths_idx', { synchronize: false })
@Index('companies_offers_vector_idx', { synchronize: false })
@Index('companies_offers_types_idx', { synchronize: false })
@Index('companies_seeks_types_idx', { synchronize: false })
export class Company {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('companies_status_idx')
  @Column({ type: 'enum', enum: CompanyStatus, enumName: 'company_status', default: CompanyStatus.Unverified })
  status: CompanyStatus;

  @Column({ type: 'text' })
  legalName: string;

  /** Lower-case, single-spaced legal name: duplicate registrations are found by it. */
  @Column({ type: 'text' })
  legalNameKey: string;

  @Column({ type: 'enum', enum: OrganisationType, enumName: 'organisation_type' })
  organisationType: OrganisationType;

  @Column({ type: 'text' })
  street: string;

  @Column({ type: 'varchar', length: 16 })
  postcode: string;

  @Column({ type: 'text' })
  municipality: string;

  @Index('companies_city_id_idx')
  @Column({ type: 'uuid' })
  cityId: string;

  @ManyToOne(() => City, { nullable: false })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'companies_city_fkey' })
  city: City;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'smallint', nullable: true })
  foundingYear: number | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer' })
  staffHeadcount: number;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (value) => value, from: (value) => (value === null ? null : Number(value)) } })
  annualTurnoverEur: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (value) => value, from: (value) => (value === null ? null : Number(value)) } })
  balanceSheetTotalEur: number | null;

  @Column({ type: 'enum', enum: SmeClass, enumName: 'sme_class' })
  smeClass: SmeClass;

  @Column({ type: 'text', array: true })
  naceCodes: string[];

  /** Every code with its ancestors (C, 28, 28.1, 28.14): a filter on any level is one array containment. */
  @Column({ type: 'text', array: true })
  nacePaths: string[];

  @Column({ type: 'enum', enum: CooperationType, enumName: 'cooperation_type', array: true, default: '{}' })
  offersTypes: CooperationType[];

  @Column({ type: 'text', default: '' })
  offersText: string;

  @Column({ type: 'enum', enum: CooperationType, enumName: 'cooperation_type', array: true, default: '{}' })
  seeksTypes: CooperationType[];

  @Column({ type: 'text', default: '' })
  seeksText: string;

  @Column({ type: 'text', array: true, default: '{}' })
  keywords: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  targetCountries: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  targetRegions: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  targetCities: string[];

  @Column({ type: 'text', array: true })
  languages: string[];

  @Column({ type: 'varchar', length: 2 })
  preferredLanguage: string;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactRole: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  contactPhone: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** For organisations in China: the legal basis on which their data may go to Germany (PIPL Art. 38-39); null: not recorded. */
  @Column({ type: 'enum', enum: TransferBasis, enumName: 'transfer_basis', nullable: true })
  transferBasis: TransferBasis | null;

  @Column({ type: 'text', default: '', select: false })
  searchPrimary: string;

  @Column({ type: 'text', default: '', select: false })
  searchSecondary: string;

  @Column({ type: 'text', default: '', select: false })
  searchPinyin: string;

  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('german'::regconfig, search_primary) || to_tsvector('english'::regconfig, search_primary), 'A') || setweight(to_tsvector('german'::regconfig, search_secondary) || to_tsvector('english'::regconfig, search_secondary), 'B')`,
  })
  searchVector: string;

  @Column({ type: 'text', default: '', select: false })
  searchOffers: string;

  /** What the company offers, in German and English stemming: ranked against another company's "seeks". */
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('german'::regconfig, search_offers) || to_tsvector('english'::regconfig, search_offers)`,
  })
  offersVector: string;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'companies_reviewed_by_fkey' })
  reviewer: User | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  renewalReminderQueuedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  /** The officer who imported the profile from a file; null for a registration. */
  @Column({ type: 'uuid', nullable: true })
  importedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'imported_by', foreignKeyConstraintName: 'companies_imported_by_fkey' })
  importer: User | null;

  /** Why an imported profile may be listed: the office's public task, or the organisation's consent (then it confirms). */
  @Column({ type: 'enum', enum: ListingLegalBasis, enumName: 'listing_legal_basis', nullable: true })
  listingLegalBasis: ListingLegalBasis | null;

  /** When the notice of listing (GDPR Art. 14) reached the imported organisation's mail server. */
  @Column({ type: 'timestamptz', nullable: true })
  privacyNoticeDeliveredAt: Date | null;

  /** When the imported organisation confirmed its listing through the notice's link. */
  @Column({ type: 'timestamptz', nullable: true })
  listingConfirmedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
