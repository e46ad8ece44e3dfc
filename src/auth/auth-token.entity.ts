import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export enum TokenPurpose {
  PasswordSetup = 'password_setup',
  MagicLink = 'magic_link',
  EmailVerification = 'email_verification',
  PartnerResponse = 'partner_response',
  /** The link in the notice to an imported organisation: review, correct, pause or erase its listing. */
  ListingReview = 'listing_review',
}

/** A token sent by email. Only its SHA-256 is stored; it expires and, once used, is spent. */
@Entity('auth_tokens')
@Check('auth_tokens_has_owner', `user_id IS NOT NULL OR subject_id IS NOT NULL`)
@Check('auth_tokens_expiry_after_creation', `expires_at > created_at`)
export class AuthToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: TokenPurpose, enumName: 'token_purpose' })
  purpose: TokenPurpose;

  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Index('auth_tokens_user_id_idx')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'auth_tokens_user_fkey' })
  user: User | null;

  /** The company or match request the token is about. */
  @Index('auth_tokens_subject_id_idx')
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
