import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { City } from '../cities/city.entity';
import { UserRole } from '../common/principal';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { TokenPurpose } from './auth-token.entity';
import { InviteOfficerDto, UpdateOfficerDto } from './dto/invite-officer.dto';
import { EmailTokenService } from './email-token.service';
import { SessionService } from './session.service';
import { User } from './user.entity';

export const INVITATION_VALID_MS = 7 * 24 * 3_600_000;

export interface OfficerListing {
  user: User;
  passwordSet: boolean;
}

function snapshot(user: Pick<User, 'email' | 'displayName' | 'role' | 'cityId' | 'disabledAt'>): Record<string, unknown> {
  return { email: user.email, displayName: user.displayName, role: user.role, cityId: user.cityId, disabled: user.disabledAt !== null };
}

@Injectable()
export class OfficersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokenService,
    private readonly sessions: SessionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async list(): Promise<OfficerListing[]> {
    const users = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.city', 'city')
      .addSelect('user.passwordHash IS NOT NULL', 'password_set')
      .orderBy('user.displayName')
      .getRawAndEntities();
    return users.entities.map((user, index) => ({ user, passwordSet: users.raw[index].password_set === true }));
  }

  /** Creates the account and queues the invitation with its one-time password link, in one transaction. */
  async invite(invitation: InviteOfficerDto, invitedBy: string): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const city = await manager.getRepository(City).findOneBy({ slug: invitation.citySlug });
      if (!city) throw new UnprocessableEntityException({ statusCode: 422, field: 'citySlug', message: `No member city has the slug "${invitation.citySlug}".` });
      if (await manager.getRepository(User).existsBy({ email: invitation.email })) {
        throw new ConflictException({ statusCode: 409, field: 'email', message: 'An account with this email address exists already.' });
      }
      const user = await manager.getRepository(User).save(
        manager.getRepository(User).create({ email: invitation.email, displayName: invitation.displayName, role: invitation.role, cityId: city.id }),
      );
      const token = await this.tokens.issue(manager, TokenPurpose.PasswordSetup, { userId: user.id }, INVITATION_VALID_MS);
      const inviter = await manager.getRepository(User).findOneByOrFail({ id: invitedBy });
      await this.outbox.enqueue(manager, {
        template: 'officer_invitation',
        language: invitation.language,
        recipient: user.email,
        payload: { displayName: user.displayName, inviterName: inviter.displayName, cityName: city.nameDe, role: user.role },
        secretLink: this.passwordLink(token),
      });
      await this.audit.record(manager, { action: 'officer.invited', subjectType: 'user', subjectId: user.id, after: snapshot(user) });
      user.city = city;
      return user;
    });
  }

  async update(userId: string, changes: UpdateOfficerDto, actingUserId: string): Promise<OfficerListing> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(User).findOne({ where: { id: userId }, relations: { city: true }, lock: { mode: 'pessimistic_write', tables: ['users'] } });
      if (!user) throw new NotFoundException({ statusCode: 404, message: 'No such officer.' });
      if (userId === actingUserId && (changes.disabled === true || changes.role === UserRole.Officer)) {
        throw new ConflictException({ statusCode: 409, message: 'You cannot disable or demote your own account.' });
      }
      const before = snapshot(user);
      if (changes.role) user.role = changes.role;
      if (changes.disabled !== undefined) user.disabledAt = changes.disabled ? (user.disabledAt ?? new Date()) : null;
      await manager.getRepository(User).save(user);
      if (changes.disabled) await this.sessions.revokeAll(manager, { type: 'user', userId });
      await this.audit.record(manager, { action: 'officer.updated', subjectType: 'user', subjectId: userId, before, after: snapshot(user) });
      const { password_set } = await manager
        .getRepository(User)
        .createQueryBuilder('user')
        .select('user.password_hash IS NOT NULL', 'password_set')
        .where('user.id = :userId', { userId })
        .getRawOne();
      return { user, passwordSet: password_set === true };
    });
  }

  private passwordLink(token: string): string {
    return new URL(`/auth/set-password?token=${token}`, this.config.get('PUBLIC_URL', { infer: true })).toString();
  }
}

/** For the command line: the first administrator, with a one-time link to set the password. */
export async function createAdministrator(manager: EntityManager, tokens: EmailTokenService, email: string, displayName: string): Promise<string> {
  const user = await manager.getRepository(User).save(manager.getRepository(User).create({ email, displayName, role: UserRole.Admin, cityId: null }));
  return tokens.issue(manager, TokenPurpose.PasswordSetup, { userId: user.id }, 24 * 3_600_000);
}
