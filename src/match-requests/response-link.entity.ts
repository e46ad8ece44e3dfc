import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MatchRequest } from './match-request.entity';

/** A partner's link to answer one introduction: valid until the introduction's deadline, revoked when the introduction ends. */
@Entity('response_links')
@Check('response_links_expiry_after_creation', `expires_at > created_at`)
@Check('response_links_revoked_not_sealed', `revoked_at IS NULL OR sealed_token IS NULL`)
export class ResponseLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('response_links_match_request_idx')
  @Column({ type: 'uuid' })
  matchRequestId: string;

  @ManyToOne(() => MatchRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_request_id', foreignKeyConstraintName: 'response_links_match_request_fkey' })
  matchRequest: MatchRequest;

  /** What a visitor's token is looked up by. */
  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  /** The token sealed under the answer-link key, for rendering the email at send time; gone once revoked. */
  @Column({ type: 'text', nullable: true, select: false })
  sealedToken: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
