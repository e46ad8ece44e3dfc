import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Environment } from '../config/environment';
import { Principal, UserRole } from '../common/principal';
import { PrincipalType, Session } from './session.entity';
import { generateSecretToken, hashSecretToken } from './secret-token';

export interface ClientInfo {
  userAgent?: string;
  ipAddress?: string;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export type SessionOwner = { type: 'user'; userId: string } | { type: 'company'; companyId: string };

// Writing last_seen_at on every request would turn each read into a write; a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  private get idleMs(): number {
    return this.config.get('SESSION_IDLE_MINUTES', { infer: true }) * 60_000;
  }

  get absoluteMs(): number {
    return this.config.get('SESSION_ABSOLUTE_HOURS', { infer: true }) * 3_600_000;
  }

  async create(manager: EntityManager, owner: SessionOwner, client: ClientInfo): Promise<NewSession> {
    const token = generateSecretToken();
    const expiresAt = new Date(Date.now() + this.absoluteMs);
    await manager.getRepository(Session).insert({
      tokenHash: hashSecretToken(token),
      principalType: owner.type === 'user' ? PrincipalType.User : PrincipalType.Company,
      userId: owner.type === 'user' ? owner.userId : null,
      companyId: owner.type === 'company' ? owner.companyId : null,
      expiresAt,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
      ipAddress: client.ipAddress ?? null,
    });
    return { token, expiresAt };
  }

  /** The principal of a live session: not revoked, within its absolute and idle timeouts, its user not disabled. */
  async resolve(token: string): Promise<Principal | undefined> {
    const session = await this.sessions
      .createQueryBuilder('session')
      .leftJoinAndSelect('session.user', 'user')
      .where('session.tokenHash = :hash', { hash: hashSecretToken(token) })
      .andWhere('session.revokedAt IS NULL AND session.expiresAt > now()')
      .andWhere('session.lastSeenAt > :idleSince', { idleSince: new Date(Date.now() - this.idleMs) })
      .getOne();
    if (!session || session.user?.disabledAt) return undefined;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.sessions.update(session.id, { lastSeenAt: new Date() });
    return toPrincipal(session);
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId }, { revokedAt: new Date() });
  }

  /** Logout everywhere: ends every session of the user or company (but the one named, when one is). */
  async revokeAll(manager: EntityManager, owner: SessionOwner, exceptSessionId?: string): Promise<void> {
    const query = manager.getRepository(Session).createQueryBuilder().update().set({ revokedAt: () => 'now()' }).where('revoked_at IS NULL');
    if (exceptSessionId) query.andWhere('id <> :exceptSessionId', { exceptSessionId });
    if (owner.type === 'user') query.andWhere('user_id = :id', { id: owner.userId });
    else query.andWhere('company_id = :id', { id: owner.companyId });
    await query.execute();
  }

  /** Erasure: every session of a company ends and forgets the address and browser it came from. */
  async eraseCompanySessions(manager: EntityManager, companyId: string): Promise<void> {
    await manager
      .getRepository(Session)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'coalesce(revoked_at, now())', ipAddress: null, userAgent: null })
      .where('company_id = :companyId', { companyId })
      .execute();
  }
}

function toPrincipal(session: Session): Principal {
  if (session.principalType === PrincipalType.Company) return { type: 'company', companyId: session.companyId!, sessionId: session.id };
  const user = session.user!;
  return { type: 'user', userId: user.id, role: user.role as UserRole, cityId: user.cityId, sessionId: session.id };
}
