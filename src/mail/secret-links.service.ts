import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager, In } from 'typeorm';
import { SecretBox } from '../auth/secret-box';
import { generateSecretToken, hashSecretToken } from '../auth/secret-token';
import { Environment } from '../config/environment';
import { OutboxSecretLink } from './outbox-secret-link.entity';

/** What officers are shown instead of the link of a token-bearing email. */
export const WITHHELD_LINK = '[link withheld: only the recipient receives it]';

export class SecretLinkError extends Error {}

/**
 * Links that sign someone in, set a password or confirm an address: sealed apart from the outbox payload, opened
 * only by the worker that sends the message, cleared once it is sent. Sending one again means a fresh token.
 */
@Injectable()
export class SecretLinks {
  private readonly box: SecretBox;

  constructor(config: ConfigService<Environment, true>) {
    this.box = SecretBox.forPurpose(config.get('SESSION_SECRET', { infer: true }), 'outbox-links');
  }

  /** Stores the link of a new outbox message; its `token` parameter must be an email token issued in the same transaction. */
  async store(manager: EntityManager, outboxMessageId: string, link: string): Promise<void> {
    const url = new URL(link);
    const token = url.searchParams.get('token');
    const [issued]: Array<{ id: string }> = token ? await manager.query(`SELECT id FROM auth_tokens WHERE token_hash = $1`, [hashSecretToken(token)]) : [];
    if (!issued) throw new SecretLinkError('A secret link must carry an email token issued in the same transaction.');
    url.searchParams.delete('token');
    await manager.getRepository(OutboxSecretLink).insert({ outboxMessageId, tokenId: issued.id, linkWithoutToken: url.toString(), sealedLink: this.box.seal(link) });
  }

  /** The link to put into the message: null for an email without one; throws when its link is gone. */
  async open(manager: EntityManager, outboxMessageId: string): Promise<string | null> {
    const secret = await manager.getRepository(OutboxSecretLink).findOneBy({ outboxMessageId });
    if (!secret) return null;
    if (!secret.sealedLink) throw new SecretLinkError('The link of this email is no longer kept; retry it to send a fresh one.');
    return this.box.open(secret.sealedLink);
  }

  async isTokenBearing(manager: EntityManager, outboxMessageId: string): Promise<boolean> {
    return manager.getRepository(OutboxSecretLink).existsBy({ outboxMessageId });
  }

  /** Which of these messages carry a secret link. */
  async tokenBearing(manager: EntityManager, outboxMessageIds: string[]): Promise<Set<string>> {
    if (outboxMessageIds.length === 0) return new Set();
    const rows = await manager.getRepository(OutboxSecretLink).find({ select: { outboxMessageId: true }, where: { outboxMessageId: In(outboxMessageIds) } });
    return new Set(rows.map((row) => row.outboxMessageId));
  }

  /**
   * Where the account the link is for receives its email today: the staff member's or the company's own address, or
   * null when the account has none any more (erased). A renewed link goes there, never to an address it has left.
   */
  async ownerAddress(manager: EntityManager, outboxMessageId: string): Promise<string | null> {
    const [owner]: Array<{ address: string | null }> = await manager.query(
      `SELECT COALESCE(users.email, companies.contact_email) AS address
         FROM outbox_secret_links link
         JOIN auth_tokens token ON token.id = link.token_id
         LEFT JOIN users ON users.id = token.user_id
         LEFT JOIN companies ON companies.id = token.subject_id AND companies.status <> 'erased'
        WHERE link.outbox_message_id = $1`,
      [outboxMessageId],
    );
    return owner?.address ?? null;
  }

  /** Once the message is with its recipient the link exists nowhere else on the server. */
  async clear(manager: EntityManager, outboxMessageId: string): Promise<void> {
    await manager.getRepository(OutboxSecretLink).update({ outboxMessageId }, { sealedLink: null });
  }

  /**
   * For an email sent again: the old token is spent, a fresh one of the same purpose, owner and lifetime takes its
   * place, and the new link is sealed for the worker. Whoever may have seen the old message gains nothing.
   */
  async renew(manager: EntityManager, outboxMessageId: string): Promise<void> {
    const secret = await manager.getRepository(OutboxSecretLink).findOne({ where: { outboxMessageId }, lock: { mode: 'pessimistic_write' } });
    if (!secret) return;
    if (!secret.tokenId || !secret.linkWithoutToken) throw new SecretLinkError('This link can no longer be renewed; its recipient asks for a new one.');
    const token = generateSecretToken();
    const [renewed]: Array<{ id: string }> = await manager.query(
      `INSERT INTO auth_tokens (purpose, token_hash, user_id, subject_id, expires_at)
       SELECT purpose, $2, user_id, subject_id, now() + (expires_at - created_at) FROM auth_tokens WHERE id = $1
       RETURNING id`,
      [secret.tokenId, hashSecretToken(token)],
    );
    if (!renewed) throw new SecretLinkError('This link can no longer be renewed; its recipient asks for a new one.');
    await manager.query(`UPDATE auth_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [secret.tokenId]);
    const link = new URL(secret.linkWithoutToken);
    link.searchParams.set('token', token);
    await manager.getRepository(OutboxSecretLink).update({ outboxMessageId }, { tokenId: renewed.id, sealedLink: this.box.seal(link.toString()) });
  }
}
