import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export enum RecipientRole {
  /** Whom the message is for: it is delivered only once every To has taken it. */
  To = 'to',
  /** A copy (the partner city's office): its refusal is shown but does not fail the message. */
  Cc = 'cc',
}

export enum RecipientState {
  /** Not sent to yet, or to be sent again (after a crash before the hand-over, or an officer's retry). */
  Pending = 'pending',
  Accepted = 'accepted',
  /** The server answered 4xx at RCPT TO: tried again on its own, with backoff. */
  Deferred = 'deferred',
  /** The server answered 5xx: not tried again unless an officer sends it again. */
  Refused = 'refused',
}

/** One recipient of an outbox message and what the SMTP server answered for it. */
@Entity('outbox_recipients')
@Check('outbox_recipients_attempts_not_negative', `attempts >= 0`)
@Check('outbox_recipients_accepted_has_time', `(state = 'accepted') = (accepted_at IS NOT NULL)`)
@Index('outbox_recipients_one_per_address', { synchronize: false })
@Index('outbox_recipients_undelivered_idx', { synchronize: false })
export class OutboxRecipient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  outboxId: string;

  @ManyToOne(() => OutboxMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outbox_id', foreignKeyConstraintName: 'outbox_recipients_outbox_fkey' })
  message: OutboxMessage;

  @Column({ type: 'varchar', length: 254 })
  address: string;

  @Column({ type: 'enum', enum: RecipientRole, enumName: 'outbox_recipient_role' })
  role: RecipientRole;

  @Column({ type: 'enum', enum: RecipientState, enumName: 'outbox_recipient_state', default: RecipientState.Pending })
  state: RecipientState;

  /** The server's answer for this recipient (RCPT TO, or the final "." for those it took). */
  @Column({ type: 'text', nullable: true })
  smtpResponse: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When a deferred recipient is tried again (about; the queue's backoff decides). */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
