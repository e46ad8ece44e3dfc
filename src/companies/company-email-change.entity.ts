import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Company } from './company.entity';

/** A company's request to move its login address; it takes effect only through the link sent to the new address. */
@Entity('company_email_changes')
@Check('company_email_changes_expiry_after_creation', `expires_at > created_at`)
@Check('company_email_changes_confirmed_or_cancelled', `confirmed_at IS NULL OR cancelled_at IS NULL`)
@Check('company_email_changes_closed_not_sealed', `(confirmed_at IS NULL AND cancelled_at IS NULL) OR sealed_token IS NULL`)
@Check('company_email_changes_email_normalised', `new_email = lower(btrim(new_email))`)
@Index('company_email_changes_one_open_key', { synchronize: false })
export class CompanyEmailChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  companyId: string;

  @ManyToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'company_email_changes_company_fkey' })
  company: Company;

  @Column({ type: 'varchar', length: 254 })
  newEmail: string;

  /** Only the SHA-256 of the link's token is kept. */
  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  /** The token sealed under the email-link key, for rendering the email at send time; gone once the change is closed. */
  @Column({ type: 'text', nullable: true, select: false })
  sealedToken: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;
}
