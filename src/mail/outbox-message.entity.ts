import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum OutboxStatus {
  /** Written with the change that causes it; waiting for the worker. */
  Pending = 'pending',
  /** Claimed by a worker, which is talking to the SMTP server. */
  Sending = 'sending',
  Sent = 'sent',
  /** Refused by the server for good, or out of retries: an officer corrects and retries it. */
  Failed = 'failed',
  /** The worker stopped while the server had the message; it may have been delivered, so it is not sent again unasked. */
  Unconfirmed = 'unconfirmed',
  /** Not to be sent any more (its request ended by an erasure or a withdrawn consent); never picked up by a worker. */
  Cancelled = 'cancelled',
}

/** An email to send, written in the same transaction as the state change that causes it. */
@Entity('outbox_messages')
@Check('outbox_messages_template_format', `template ~ '^[a-z][a-z0-9_]*$'`)
@Check('outbox_messages_language_format', `language ~ '^[a-z]{2}(-[a-z]{2})?$'`)
@Index('outbox_messages_pending_idx', { synchronize: false })
@Index('outbox_messages_status_idx', { synchronize: false })
@Index('outbox_messages_match_request_idx', { synchronize: false })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  template: string;

  /** de, en or zh; zh-en for Chinese with English below it. */
  @Column({ type: 'varchar', length: 5 })
  language: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'text', array: true, default: '{}' })
  cc: string[];

  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  @Column({ type: 'enum', enum: OutboxStatus, enumName: 'outbox_status', default: OutboxStatus.Pending })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** When the relay last handed it to the queue. */
  @Column({ type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  /** When the whole message was with the SMTP server, just before the final "." that asks it to accept it. */
  @Column({ type: 'timestamptz', nullable: true })
  handedOverAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  /** Derived from the id, so a resend after a crash is recognisable as the same message. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'text', nullable: true })
  smtpResponse: string | null;

  /** The subject line as sent (shown in a company's data export). */
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  acceptedRecipients: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  rejectedRecipients: string[];

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
