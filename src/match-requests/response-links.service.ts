import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { SecretBox } from '../auth/secret-box';
import { generateSecretToken, hashSecretToken } from '../auth/secret-token';
import { Environment } from '../config/environment';
import { MatchRequest } from './match-request.entity';
import { ResponseLink } from './response-link.entity';

const DAY_MS = 24 * 3_600_000;
// Before the introduction is delivered its deadline is unknown; delivery sets the link's expiry to the deadline.
const UNDELIVERED_GRACE_DAYS = 7;

export type ResponseLinkState = 'valid' | 'expired' | 'revoked';

/**
 * The partner's answer links: random tokens looked up by their SHA-256, each valid until the introduction's deadline
 * and revoked when the introduction ends. Tokens are made only here, inside the transaction that writes the email's
 * outbox row; the row names the link, never the token, and the email is rendered from the sealed copy at send time.
 */
@Injectable()
export class ResponseLinks {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.box = SecretBox.forPurpose(config.get('SESSION_SECRET', { infer: true }), 'response-links');
  }

  /** A new link for the request; returns its id for the outbox payload. */
  async issue(manager: EntityManager, request: MatchRequest): Promise<string> {
    const token = generateSecretToken();
    const provisional = new Date(Date.now() + (this.config.get('INTRODUCTION_RESPONSE_DAYS', { infer: true }) + UNDELIVERED_GRACE_DAYS) * DAY_MS);
    const { identifiers } = await manager.getRepository(ResponseLink).insert({
      matchRequestId: request.id,
      tokenHash: hashSecretToken(token),
      sealedToken: this.box.seal(token),
      expiresAt: request.respondBy ?? provisional,
    });
    return String(identifiers[0].id);
  }

  /** The address of a link that may still be sent, or null once it was revoked or has expired. */
  async urlOf(linkId: string): Promise<string | null> {
    const link = await this.dataSource
      .getRepository(ResponseLink)
      .createQueryBuilder('link')
      .addSelect('link.sealedToken')
      .where('link.id = :linkId AND link.revokedAt IS NULL AND link.expiresAt > now()', { linkId })
      .getOne();
    if (!link?.sealedToken) return null;
    return new URL(`/respond/${this.box.open(link.sealedToken)}`, this.config.get('PUBLIC_URL', { infer: true })).toString();
  }

  /**
   * The email that carries this link goes to another address: a new link takes its place and this one is revoked.
   * Returns the new link's id, or null when this one could no longer be sent anyway (revoked, expired, answered).
   */
  async replace(manager: EntityManager, linkId: string, request: MatchRequest): Promise<string | null> {
    const [revoked]: [unknown[], number] = await manager.query(
      `UPDATE response_links SET revoked_at = now(), sealed_token = NULL
        WHERE id = $1 AND revoked_at IS NULL AND sealed_token IS NOT NULL AND expires_at > now() RETURNING id`,
      [linkId],
    );
    return revoked.length > 0 ? this.issue(manager, request) : null;
  }

  /** What a visitor's token stands for: the request and whether the link still holds, or null when it is not one of ours. */
  async resolve(token: string): Promise<{ requestId: string; state: ResponseLinkState } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const link = await this.dataSource.getRepository(ResponseLink).findOneBy({ tokenHash: hashSecretToken(token) });
    if (!link) return null;
    const state: ResponseLinkState = link.revokedAt ? 'revoked' : link.expiresAt <= new Date() ? 'expired' : 'valid';
    return { requestId: link.matchRequestId, state };
  }

  /** On delivery the deadline is known: every live link of the request lasts exactly until then. */
  async expireAt(manager: EntityManager, requestId: string, respondBy: Date): Promise<void> {
    await manager.getRepository(ResponseLink).update({ matchRequestId: requestId, revokedAt: IsNull() }, { expiresAt: respondBy });
  }

  /** The introduction ended (withdrawn, expired): its links stop working and can no longer be sent. */
  async revoke(manager: EntityManager, requestId: string): Promise<void> {
    await manager.getRepository(ResponseLink).update({ matchRequestId: requestId, revokedAt: IsNull() }, { revokedAt: new Date(), sealedToken: null });
  }

  /** The partner has answered: the links only show that answer from now on, and no email will carry them again. */
  async unseal(manager: EntityManager, requestId: string): Promise<void> {
    await manager.getRepository(ResponseLink).update({ matchRequestId: requestId }, { sealedToken: null });
  }

  /** A company was erased: the links of every introduction it was part of end. */
  async revokeForCompany(manager: EntityManager, companyId: string): Promise<void> {
    await manager.query(
      `UPDATE response_links SET revoked_at = now(), sealed_token = NULL
        WHERE revoked_at IS NULL AND match_request_id IN (SELECT id FROM match_requests WHERE requester_company_id = $1 OR target_company_id = $1)`,
      [companyId],
    );
  }
}
