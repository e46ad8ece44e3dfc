import { ConflictException, HttpException, HttpStatus, Injectable, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager, IsNull, MoreThan, Not, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokenPurpose } from '../auth/auth-token.entity';
import { EmailTokenService } from '../auth/email-token.service';
import { SecretBox } from '../auth/secret-box';
import { generateSecretToken, hashSecretToken } from '../auth/secret-token';
import { SessionService } from '../auth/session.service';
import { Environment } from '../config/environment';
import { MailContext, MailTemplateRegistry } from '../mail/mail-template.registry';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { SecretLinkError } from '../mail/secret-links.service';
import { emailLanguageOf, publicLink } from './company-mail';
import { CompanyEmailChange } from './company-email-change.entity';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';

export const EMAIL_CHANGE_VALID_MS = 48 * 3_600_000;
// A profile edit must not become a way to send the office's emails to any address at will.
const CHANGES_PER_HOUR = 3;
const INVALID_LINK = { statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' };
const TAKEN = { statusCode: 409, field: 'contact.email', message: 'This email address belongs to another profile; the login address stays as it was.' };
const CLOSED = { sealedToken: null };

/**
 * A company's login address moves only when the new address proves it receives mail: until then the old one signs in.
 * When the change takes effect the old address is told and every other session of the company ends. The link's token
 * is stored as its SHA-256 and, for rendering the email at send time, sealed under a key of its own: the outbox row
 * names the change, never the token.
 */
@Injectable()
export class CompanyEmailChangeService implements OnModuleInit {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sessions: SessionService,
    private readonly tokens: EmailTokenService,
    private readonly audit: AuditService,
    private readonly registry: MailTemplateRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {
    this.box = SecretBox.forPurpose(config.get('SESSION_SECRET', { infer: true }), 'email-change-links');
  }

  onModuleInit(): void {
    this.registry.register('company_email_change', { context: (message) => this.context(message), secretLink: { renew: (manager, message) => this.renewToken(manager, message) } });
  }

  /** Inside the profile edit's transaction: replaces any open request and sends the link to the new address. */
  async request(manager: EntityManager, company: Company, newEmail: string): Promise<void> {
    if (newEmail !== company.contactEmail) await this.refuseTooMany(manager, company.id);
    await this.cancelOpen(manager, company.id);
    if (newEmail === company.contactEmail) return;
    const token = generateSecretToken();
    const { identifiers } = await manager.getRepository(CompanyEmailChange).insert({
      companyId: company.id,
      newEmail,
      tokenHash: hashSecretToken(token),
      sealedToken: this.box.seal(token),
      expiresAt: new Date(Date.now() + EMAIL_CHANGE_VALID_MS),
    });
    await this.outbox.enqueue(manager, {
      template: 'company_email_change',
      language: emailLanguageOf(company),
      recipient: newEmail,
      // Nothing the company typed goes to an address nobody has confirmed yet.
      payload: { emailChangeId: String(identifiers[0].id) },
    });
    await this.audit.record(manager, { action: 'company.email_change_requested', subjectType: 'company', subjectId: company.id });
  }

  /** The address waiting for confirmation, if any. */
  async pending(companyId: string): Promise<string | null> {
    const open = await this.dataSource.getRepository(CompanyEmailChange).findOneBy({ companyId, confirmedAt: IsNull(), cancelledAt: IsNull() });
    return open && open.expiresAt > new Date() ? open.newEmail : null;
  }

  /** Spends the link: the new address becomes the login address; sessions other than the confirming one end. */
  async confirm(token: string, keepSessionId?: string): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      const change = await manager
        .getRepository(CompanyEmailChange)
        .createQueryBuilder('change')
        .setLock('pessimistic_write')
        .where('change.tokenHash = :hash AND change.confirmedAt IS NULL AND change.cancelledAt IS NULL AND change.expiresAt > now()', { hash: hashSecretToken(token) })
        .getOne();
      const company = change && (await manager.getRepository(Company).findOne({ where: { id: change.companyId }, lock: { mode: 'pessimistic_write' } }));
      if (!change || !company || company.status === CompanyStatus.Erased) throw new UnprocessableEntityException(INVALID_LINK);
      const taken = await manager.getRepository(Company).exists({ where: { contactEmail: change.newEmail, id: Not(company.id), status: Not(CompanyStatus.Erased) } });
      if (taken) throw new ConflictException(TAKEN);
      const oldEmail = company.contactEmail!;
      await manager.getRepository(CompanyEmailChange).update(change.id, { confirmedAt: new Date(), ...CLOSED });
      // Another profile may take the address after the check above and before this commits: the unique index decides.
      await manager
        .getRepository(Company)
        .update(company.id, { contactEmail: change.newEmail })
        .catch((error: unknown) => {
          if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new ConflictException(TAKEN);
          throw error;
        });
      company.contactEmail = change.newEmail;
      await this.sessions.revokeAll(manager, { type: 'company', companyId: company.id }, keepSessionId);
      // Sign-in links already sent to the old address end too.
      await this.tokens.revokeOpen(manager, TokenPurpose.MagicLink, { subjectId: company.id });
      await this.outbox.enqueue(manager, {
        template: 'company_email_changed',
        language: emailLanguageOf(company),
        recipient: oldEmail,
        payload: { contactName: company.contactName, legalName: company.legalName, link: new URL('/companies/login', this.config.get('PUBLIC_URL', { infer: true })).toString() },
      });
      await this.audit.record(manager, { action: 'company.email_changed', subjectType: 'company', subjectId: company.id });
      return company;
    });
  }

  /** Before an officer sends the email again: a fresh token for the open change, the earlier one stops working. */
  private async renewToken(manager: EntityManager, message: OutboxMessage): Promise<void> {
    const token = generateSecretToken();
    const { affected } = await manager
      .getRepository(CompanyEmailChange)
      .createQueryBuilder()
      .update()
      .set({ tokenHash: hashSecretToken(token), sealedToken: this.box.seal(token) })
      .where('id = :id AND confirmed_at IS NULL AND cancelled_at IS NULL AND expires_at > now()', { id: String(message.payload.emailChangeId) })
      .execute();
    if (!affected) throw new SecretLinkError('This address change was confirmed, replaced or has expired; the company asks for a new one.');
  }

  private async refuseTooMany(manager: EntityManager, companyId: string): Promise<void> {
    const recent = await manager.getRepository(CompanyEmailChange).countBy({ companyId, createdAt: MoreThan(new Date(Date.now() - 3_600_000)) });
    if (recent >= CHANGES_PER_HOUR) {
      throw new HttpException(
        { statusCode: 429, message: 'Too many changes of the email address in the last hour; please try again later.', errors: [{ field: 'contact.email', message: 'Too many changes in the last hour.' }] },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Erasure: the addresses the company asked to move to go with it, confirmed or not. */
  async eraseFor(manager: EntityManager, companyId: string): Promise<void> {
    await manager.getRepository(CompanyEmailChange).delete({ companyId });
  }

  async cancelOpen(manager: EntityManager, companyId: string): Promise<void> {
    await manager.getRepository(CompanyEmailChange).update({ companyId, confirmedAt: IsNull(), cancelledAt: IsNull() }, { cancelledAt: new Date(), ...CLOSED });
  }

  // A change closed or lapsed before its email went out: the email fails for good rather than carry a dead link.
  private async context(message: OutboxMessage): Promise<MailContext> {
    const change = await this.dataSource
      .getRepository(CompanyEmailChange)
      .createQueryBuilder('change')
      .addSelect('change.sealedToken')
      .where('change.id = :id AND change.expiresAt > now()', { id: String(message.payload.emailChangeId) })
      .getOne();
    if (!change?.sealedToken) throw new Error('This address change was confirmed, replaced or has expired; its link is not sent.');
    const link = publicLink(this.config.get('PUBLIC_URL', { infer: true }), '/companies/email-change', this.box.open(change.sealedToken));
    return { forLanguage: () => ({ ...message.payload, link }) };
  }
}
