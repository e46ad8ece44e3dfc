import { ConflictException, HttpException, HttpStatus, Injectable, UnauthorizedException, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { City } from '../cities/city.entity';
import { Principal } from '../common/principal';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { TokenPurpose } from './auth-token.entity';
import { EmailTokenService } from './email-token.service';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { SecretBox } from './secret-box';
import { ClientInfo, NewSession, SessionService } from './session.service';
import { generateTotpSecret, matchTotp, otpauthUri } from './totp';
import { OfficerNotificationMode, User } from './user.entity';

/** Failures in a row, from wherever, before the account is locked for everyone. */
export const ACCOUNT_LOCK_AFTER = 50;
const MAX_LOCK_MS = 24 * 3_600_000;
const INVALID_LOGIN = 'Invalid email, password or code.';

/**
 * The account-wide lock: 15, 30, 60 … minutes (at most a day) once failures reach fifty. One client alone is slowed
 * down long before (see LoginThrottle), so only many clients together get here, and the officer is told by email.
 */
export function accountLockMs(failedLoginCount: number): number {
  if (failedLoginCount < ACCOUNT_LOCK_AFTER) return 0;
  return Math.min(15 * 60_000 * 2 ** (failedLoginCount - ACCOUNT_LOCK_AFTER), MAX_LOCK_MS);
}

export class LoginThrottledException extends HttpException {
  constructor(waitMs: number) {
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
    super(
      { statusCode: 429, error: 'Too Many Requests', message: `Too many failed attempts from here for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, retryAfterSeconds: Math.ceil(waitMs / 1000) },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

export class SecondFactorRequiredException extends HttpException {
  constructor() {
    super({ statusCode: 401, error: 'Unauthorized', message: 'Enter the 6-digit code of your authenticator app.', secondFactorRequired: true }, HttpStatus.UNAUTHORIZED);
  }
}

@Injectable()
export class AuthService {
  private readonly secretBox: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly tokens: EmailTokenService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly outbox: OutboxService,
    config: ConfigService<Environment, true>,
  ) {
    this.secretBox = SecretBox.forPurpose(config.get('SESSION_SECRET', { infer: true }), 'totp');
  }

  async notificationMode(userId: string): Promise<OfficerNotificationMode> {
    return (await this.dataSource.getRepository(User).findOneByOrFail({ id: userId })).notificationMode;
  }

  async setNotificationMode(userId: string, mode: OfficerNotificationMode): Promise<OfficerNotificationMode> {
    await this.dataSource.getRepository(User).update(userId, { notificationMode: mode });
    return mode;
  }

  /** Password (and second factor) login of officers and admins. Every failure looks the same from outside. */
  async login(email: string, password: string, totpCode: string | undefined, client: ClientInfo): Promise<{ session: NewSession; user: User }> {
    const wait = await this.throttle.waitMs(email, client.ipAddress);
    if (wait > 0) throw new LoginThrottledException(wait);
    const user = await this.findLoginUser(email);
    const usable = user !== null && !user.disabledAt && !(user.lockedUntil && user.lockedUntil > new Date());
    const passwordMatches = await verifyPassword(usable ? user.passwordHash : null, password);
    if (!user || !usable || !passwordMatches) {
      await this.throttle.recordFailure(email, client.ipAddress);
      if (user && usable) await this.recordFailure(user);
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: INVALID_LOGIN });
    }
    if (user.totpEnabledAt) await this.checkSecondFactor(user, totpCode, email, client);
    await this.throttle.clear(email, client.ipAddress);
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(User).update(user.id, { failedLoginCount: 0, lockedUntil: null });
      const session = await this.sessions.create(manager, { type: 'user', userId: user.id }, client);
      await this.audit.record(manager, {
        action: 'auth.logged_in',
        subjectType: 'user',
        subjectId: user.id,
        actor: { type: 'user', userId: user.id, role: user.role, cityId: user.cityId, sessionId: '' },
      });
      return { session, user };
    });
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.revoke(principal.sessionId);
  }

  async logoutEverywhere(principal: Principal): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const owner = principal.type === 'user' ? { type: 'user' as const, userId: principal.userId } : { type: 'company' as const, companyId: principal.companyId };
      await this.sessions.revokeAll(manager, owner);
      await this.audit.record(manager, { action: 'auth.logged_out_everywhere', subjectType: principal.type, subjectId: owner.type === 'user' ? owner.userId : owner.companyId });
    });
  }

  /** Sets the password from an invitation or set-up link; the link works once, and every session of the account ends. */
  async setPassword(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const spent = await this.tokens.consume(manager, TokenPurpose.PasswordSetup, token);
      if (!spent?.userId) throw new UnprocessableEntityException({ statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' });
      await manager.getRepository(User).update(spent.userId, { passwordHash, failedLoginCount: 0, lockedUntil: null });
      await this.sessions.revokeAll(manager, { type: 'user', userId: spent.userId });
      await this.audit.record(manager, { action: 'user.password_set', subjectType: 'user', subjectId: spent.userId });
    });
  }

  /** Starts enrolling a second factor: a new secret that takes effect once a code from it is confirmed. */
  async beginTotpSetup(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    if (user.totpEnabledAt) throw new ConflictException('The second factor is already on; turn it off first.');
    const secret = generateTotpSecret();
    await this.dataSource.getRepository(User).update(userId, { totpSecret: this.secretBox.seal(secret) });
    return { secret, otpauthUri: otpauthUri(secret, user.email) };
  }

  async confirmTotp(userId: string, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.userWithSecrets(manager, userId);
      if (!user.totpSecret || user.totpEnabledAt) throw new ConflictException('Start the set-up first.');
      const step = matchTotp(this.secretBox.open(user.totpSecret), code);
      if (step === null) throw new UnprocessableEntityException({ statusCode: 422, field: 'code', message: 'The code does not match.' });
      await manager.getRepository(User).update(userId, { totpEnabledAt: new Date(), totpLastStep: String(step) });
      await this.audit.record(manager, { action: 'user.totp_enabled', subjectType: 'user', subjectId: userId });
    });
  }

  async disableTotp(userId: string, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.userWithSecrets(manager, userId);
      if (!user.totpEnabledAt || !user.totpSecret) throw new ConflictException('The second factor is not on.');
      if (matchTotp(this.secretBox.open(user.totpSecret), code) === null) {
        throw new UnprocessableEntityException({ statusCode: 422, field: 'code', message: 'The code does not match.' });
      }
      await manager.getRepository(User).update(userId, { totpEnabledAt: null, totpSecret: null, totpLastStep: null });
      await this.audit.record(manager, { action: 'user.totp_disabled', subjectType: 'user', subjectId: userId });
    });
  }

  /** The officer hears at once that the account was locked, and what to do if it was not them. */
  private async tellOfLock(manager: EntityManager, user: User, failures: number, lockMs: number): Promise<void> {
    const city = user.cityId ? await manager.getRepository(City).findOneBy({ id: user.cityId }) : null;
    await this.outbox.enqueue(manager, {
      template: 'officer_account_locked',
      language: city?.country === 'CN' ? 'zh-en' : city && city.country !== 'DE' ? 'en' : 'de',
      recipient: user.email,
      payload: { displayName: user.displayName, failedAttempts: failures, lockedMinutes: Math.round(lockMs / 60_000) },
    });
  }

  private findLoginUser(email: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect(['user.passwordHash', 'user.totpSecret', 'user.totpLastStep'])
      .where('user.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
  }

  private userWithSecrets(manager: EntityManager, userId: string): Promise<User> {
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect(['user.totpSecret', 'user.totpLastStep'])
      .setLock('pessimistic_write')
      .where('user.id = :userId', { userId })
      .getOneOrFail();
  }

  private async checkSecondFactor(user: User, totpCode: string | undefined, email: string, client: ClientInfo): Promise<void> {
    if (!totpCode) throw new SecondFactorRequiredException();
    const seed = this.secretBox.open(user.totpSecret!);
    const step = matchTotp(seed, totpCode);
    // A code is good once: a step at or before the last accepted one is a replay.
    const replayed = step !== null && user.totpLastStep !== null && step <= Number(user.totpLastStep);
    if (step === null || replayed) {
      await this.throttle.recordFailure(email, client.ipAddress);
      await this.recordFailure(user);
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: INVALID_LOGIN });
    }
    const resealed = this.secretBox.isLegacy(user.totpSecret!) ? { totpSecret: this.secretBox.seal(seed) } : {};
    await this.dataSource.getRepository(User).update(user.id, { totpLastStep: String(step), ...resealed });
  }

  private async recordFailure(user: User): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { raw } = await manager
        .getRepository(User)
        .createQueryBuilder()
        .update()
        .set({ failedLoginCount: () => 'failed_login_count + 1' })
        .where('id = :id', { id: user.id })
        .returning('failed_login_count')
        .execute();
      const failures: number = raw[0].failed_login_count;
      const lockMs = accountLockMs(failures);
      if (lockMs > 0) {
        await manager.getRepository(User).update(user.id, { lockedUntil: new Date(Date.now() + lockMs) });
        await this.tellOfLock(manager, user, failures, lockMs);
      }
      await this.audit.record(manager, {
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user.id,
        after: { failedLoginCount: failures, lockedForSeconds: lockMs / 1000 },
      });
    });
  }
}
