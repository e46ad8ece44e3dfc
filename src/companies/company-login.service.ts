import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, Not, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokenPurpose } from '../auth/auth-token.entity';
import { EmailTokenService } from '../auth/email-token.service';
import { ClientInfo, NewSession, SessionService } from '../auth/session.service';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { emailLanguageOf, publicLink } from './company-mail';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';

export const MAGIC_LINK_VALID_MS = 15 * 60_000;

/** Passwordless login of company users with a single-use link to the profile's contact email. */
@Injectable()
export class CompanyLoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokenService,
    private readonly sessions: SessionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Queues a link when the email belongs to a verified profile; the caller learns nothing either way. */
  async requestLink(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const company = await manager.getRepository(Company).findOneBy({
        contactEmail: email.trim().toLowerCase(),
        status: Not(In([CompanyStatus.Erased, CompanyStatus.Unverified])),
      });
      if (!company) return;
      await this.tokens.revokeOpen(manager, TokenPurpose.MagicLink, { subjectId: company.id });
      const token = await this.tokens.issue(manager, TokenPurpose.MagicLink, { subjectId: company.id }, MAGIC_LINK_VALID_MS);
      await this.outbox.enqueue(manager, {
        template: 'company_magic_link',
        language: emailLanguageOf(company),
        recipient: company.contactEmail!,
        payload: { contactName: company.contactName, legalName: company.legalName },
        secretLink: publicLink(this.config.get('PUBLIC_URL', { infer: true }), '/companies/login', token),
      });
    });
  }

  async signIn(token: string, client: ClientInfo): Promise<{ session: NewSession; companyId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const spent = await this.tokens.consume(manager, TokenPurpose.MagicLink, token);
      const company = spent?.subjectId ? await manager.getRepository(Company).findOneBy({ id: spent.subjectId }) : null;
      if (!company || company.status === CompanyStatus.Erased) {
        throw new UnprocessableEntityException({ statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' });
      }
      const session = await this.sessions.create(manager, { type: 'company', companyId: company.id }, client);
      await this.audit.record(manager, {
        action: 'auth.company_logged_in',
        subjectType: 'company',
        subjectId: company.id,
        actor: { type: 'company', companyId: company.id, sessionId: '' },
      });
      return { session, companyId: company.id };
    });
  }
}
