import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { Company } from '../companies/company.entity';
import { CooperationType } from '../companies/cooperation-type';
import { MatchSignals } from '../matching/match-signals';
import { ClosingReason, MatchRequestStatus } from './match-request-status';

export enum MatchRequestOrigin {
  /** A company asked for the introduction. */
  Company = 'company',
  /** An officer proposed it. */
  Officer = 'officer',
}

/** A request to introduce one company (the requester) to another (the target) through the economic development offices. */
@Entity('match_requests')
@Check('match_requests_distinct_companies', `requester_company_id <> target_company_id`)
@Check('match_requests_message_length', `char_length(btrim(message)) BETWEEN 1 AND 2000`)
@Check('match_requests_rejection_has_reason', `status <> 'rejected' OR rejection_reason IS NOT NULL`)
@Check('match_requests_officer_origin_has_proposer', `origin = 'company' OR proposed_by IS NOT NULL`)
@Check(
  'match_requests_introduced_has_deadline',
  `status NOT IN ('introduced', 'accepted', 'declined', 'expired', 'connected') OR (introduced_at IS NOT NULL AND respond_by IS NOT NULL)`,
)
@Check('match_requests_partner_contact_complete', `(partner_contact_name IS NULL) = (partner_contact_email IS NULL)`)
@Check('match_requests_partner_contact_email_normalised', `partner_contact_email IS NULL OR partner_contact_email = lower(btrim(partner_contact_email))`)
@Index('match_requests_open_pair_key', { synchronize: false })
@Index('match_requests_requester_idx', { synchronize: false })
@Index('match_requests_target_idx', { synchronize: false })
@Index('match_requests_status_created_idx', { synchronize: false })
@Index('match_requests_respond_by_idx', { synchronize: false })
export class MatchRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  requesterCompanyId: string;

  @ManyToOne(() => Company, { nullable: false })
  @JoinColumn({ name: 'requester_company_id', foreignKeyConstraintName: 'match_requests_requester_fkey' })
  requester: Company;

  @Column({ type: 'uuid' })
  targetCompanyId: string;

  @ManyToOne(() => Company, { nullable: false })
  @JoinColumn({ name: 'target_company_id', foreignKeyConstraintName: 'match_requests_target_fkey' })
  target: Company;

  @Column({ type: 'enum', enum: MatchRequestOrigin, enumName: 'match_request_origin' })
  origin: MatchRequestOrigin;

  @Column({ type: 'uuid', nullable: true })
  proposedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'proposed_by', foreignKeyConstraintName: 'match_requests_proposed_by_fkey' })
  proposer: User | null;

  @Column({ type: 'enum', enum: CooperationType, enumName: 'cooperation_type' })
  purpose: CooperationType;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'enum', enum: MatchRequestStatus, enumName: 'match_request_status', default: MatchRequestStatus.PendingReview })
  status: MatchRequestStatus;

  /** The pair's score when the request was made. */
  @Column({ type: 'real' })
  score: number;

  /** Why the pair fits, language-neutral; explained to each reader in their language. */
  @Column({ type: 'jsonb', default: [] })
  reasons: MatchSignals | [];

  /** The approving officer's words to the partner, shown in the introduction. */
  @Column({ type: 'text', nullable: true })
  officerNote: string | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  homeDecidedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'home_decided_by', foreignKeyConstraintName: 'match_requests_home_decided_by_fkey' })
  homeDecider: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  homeDecidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  partnerOfficeDecidedBy: string | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'partner_office_decided_by', foreignKeyConstraintName: 'match_requests_partner_office_decided_by_fkey' })
  partnerOfficeDecider: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  partnerOfficeDecidedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  introducedAt: Date | null;

  /** The partner's deadline to answer; the request expires after it. */
  @Column({ type: 'timestamptz', nullable: true })
  respondBy: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reminderQueuedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  /** The partner's contact person for this introduction, confirmed or corrected on the answer page; what the requester receives. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  partnerContactName: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  partnerContactRole: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  partnerContactEmail: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  partnerContactPhone: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  connectedAt: Date | null;

  /** Why the request ended without an answer (an erasure, a withdrawn consent): shown to everyone involved. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  closingReason: ClosingReason | null;

  /** When the request reached a final status. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Raised by every status change: a decision made on a stale view is refused. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
