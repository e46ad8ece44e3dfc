import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Company } from './company.entity';

export enum ConsentKind {
  /** The platform's privacy policy. */
  PrivacyPolicy = 'privacy_policy',
  /**
   * Separate consent to share the profile with organisations in China (GDPR Art. 49(1)(a) for a country
   * without adequacy decision; PIPL Art. 39 asks for it naming recipient, purpose and data).
   */
  ChinaTransfer = 'china_transfer',
}

/** A consent as given, per version; withdrawing ends it, a new version is a new row. */
@Entity('company_consents')
@Check('company_consents_withdrawn_after_given', `withdrawn_at IS NULL OR withdrawn_at >= given_at`)
@Index('company_consents_one_open_per_kind', { synchronize: false })
export class CompanyConsent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('company_consents_company_id_idx')
  @Column({ type: 'uuid' })
  companyId: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'company_consents_company_fkey' })
  company: Company;

  @Column({ type: 'enum', enum: ConsentKind, enumName: 'consent_kind' })
  kind: ConsentKind;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  givenAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;
}
