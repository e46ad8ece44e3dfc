import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthToken } from '../auth/auth-token.entity';
import { OutboxMessage } from './outbox-message.entity';

/**
 * The link of a token-bearing email (sign-in, address confirmation, password set-up), kept apart from the outbox
 * row that officers read: sealed under a key of its own until the worker puts it into the message, and cleared
 * once the message is sent. The row stays as the mark that the email carries a link nobody but its recipient sees.
 */
@Entity('outbox_secret_links')
export class OutboxSecretLink {
  @PrimaryColumn({ type: 'uuid' })
  outboxMessageId: string;

  @ManyToOne(() => OutboxMessage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'outbox_message_id', foreignKeyConstraintName: 'outbox_secret_links_message_fkey' })
  outboxMessage: OutboxMessage;

  /** The token in the link: spent when an officer has the email sent again with a fresh one. */
  @Index('outbox_secret_links_token_id_idx')
  @Column({ type: 'uuid', nullable: true })
  tokenId: string | null;

  @ManyToOne(() => AuthToken, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'token_id', foreignKeyConstraintName: 'outbox_secret_links_token_fkey' })
  token: AuthToken | null;

  /** Where the link leads, without its token: enough to send a fresh one. */
  @Column({ type: 'text', nullable: true })
  linkWithoutToken: string | null;

  @Column({ type: 'text', nullable: true })
  sealedLink: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
