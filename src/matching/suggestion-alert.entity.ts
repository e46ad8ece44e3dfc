import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Company } from '../companies/company.entity';

/** A company's wish to hear of new profiles that would rank high for it; only the company and the digest job read it. */
@Entity('suggestion_alerts')
@Index('suggestion_alerts_enabled_idx', { synchronize: false })
export class SuggestionAlert {
  @PrimaryColumn({ type: 'uuid' })
  companyId: string;

  @OneToOne(() => Company, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'suggestion_alerts_company_fkey' })
  company: Company;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  /** The end of the window the last digest covered; the next one lists profiles activated after it. */
  @Column({ type: 'timestamptz', nullable: true })
  lastDigestAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
