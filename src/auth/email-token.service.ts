import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthToken, TokenPurpose } from './auth-token.entity';
import { generateSecretToken, hashSecretToken } from './secret-token';

export interface TokenOwner {
  userId?: string;
  subjectId?: string;
}

@Injectable()
export class EmailTokenService {
  /** Creates a token inside the caller's transaction and returns the only copy of its plain value. */
  async issue(manager: EntityManager, purpose: TokenPurpose, owner: TokenOwner, validForMs: number): Promise<string> {
    const token = generateSecretToken();
    await manager.getRepository(AuthToken).insert({
      purpose,
      tokenHash: hashSecretToken(token),
      userId: owner.userId ?? null,
      subjectId: owner.subjectId ?? null,
      expiresAt: new Date(Date.now() + validForMs),
    });
    return token;
  }

  /**
   * Spends a token: returns it when it exists for this purpose, is unexpired and unused, and marks it used.
   * The row lock makes two concurrent uses of the same token end with exactly one success.
   */
  async consume(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<AuthToken | null> {
    const repository = manager.getRepository(AuthToken);
    const found = await repository
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.tokenHash = :hash AND token.purpose = :purpose', { hash: hashSecretToken(token), purpose })
      .getOne();
    if (!found || found.usedAt || found.expiresAt.getTime() <= Date.now()) return null;
    await repository.update(found.id, { usedAt: new Date() });
    return found;
  }

  /** Invalidates the open tokens of an owner for a purpose, e.g. when a new invitation replaces an old one. */
  async revokeOpen(manager: EntityManager, purpose: TokenPurpose, owner: TokenOwner): Promise<void> {
    const query = manager
      .getRepository(AuthToken)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('purpose = :purpose AND used_at IS NULL', { purpose });
    if (owner.userId) query.andWhere('user_id = :userId', { userId: owner.userId });
    if (owner.subjectId) query.andWhere('subject_id = :subjectId', { subjectId: owner.subjectId });
    await query.execute();
  }
}
