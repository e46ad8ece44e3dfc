import { Injectable, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthToken, TokenPurpose } from '../auth/auth-token.entity';
import { hashSecretToken } from '../auth/secret-token';
import { EmailTokenService } from '../auth/email-token.service';
import { ClientInfo, NewSession, SessionService } from '../auth/session.service';
import { User } from '../auth/user.entity';
import { localizedCityName } from '../cities/city-names';
import { OfficeContact } from '../cities/office-contact.entity';
import { Environment } from '../config/environment';
import { MailLanguage } from '../mail/mail-renderer';
import { MailContext, MailTemplateRegistry } from '../mail/mail-template.registry';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { naceTitles } from '../nace/nace';
import { emailLanguageOf, publicLink } from './company-mail';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';
import { LISTING_NOTICE_TEMPLATE, LISTING_REVIEW_VALID_MS, ListingLegalBasis } from './listing-notice';
import { ORGANISATION_TYPE_LABELS } from './organisation-labels';

const ANONYMOUS_NAME: Record<MailLanguage, string> = { de: '(anonym: ohne Namen und Website)', en: '(anonymous: without name and website)', zh: '（匿名：不显示名称和网站）' };

/**
 * The notice to an organisation an office imported (GDPR Art. 14): that it is listed, by whom, what is shown,
 * on which legal basis, and a single-use link to review, correct, pause or erase the profile. Until the notice
 * is delivered (and, for a listing by consent, confirmed) nobody is suggested or introduced to it.
 */
@Injectable()
export class ListingNoticeService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokenService,
    private readonly sessions: SessionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly registry: MailTemplateRegistry,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  onModuleInit(): void {
    this.registry.register(LISTING_NOTICE_TEMPLATE, {
      context: (message) => this.context(message),
      onDelivered: (manager, message) => this.delivered(manager, message),
    });
  }

  /** Queues the notice in the import's transaction. Its link signs the organisation in, so it travels as a secret link, like the sign-in link. */
  async queue(manager: EntityManager, company: Company): Promise<void> {
    const token = await this.tokens.issue(manager, TokenPurpose.ListingReview, { subjectId: company.id }, LISTING_REVIEW_VALID_MS);
    await this.outbox.enqueue(manager, {
      template: LISTING_NOTICE_TEMPLATE,
      language: emailLanguageOf(company),
      recipient: company.contactEmail!,
      payload: { companyId: company.id, contactName: company.contactName, legalName: company.legalName },
      secretLink: publicLink(this.config.get('PUBLIC_URL', { infer: true }), '/companies/listing', token),
    });
  }

  /** What the link's page shows before anything is spent: the company it is for, if the link is still good. */
  async preview(token: string): Promise<Company | null> {
    const found = await this.dataSource.getRepository(AuthToken).findOneBy({ tokenHash: hashSecretToken(token), purpose: TokenPurpose.ListingReview, usedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (!found?.subjectId) return null;
    const company = await this.dataSource.getRepository(Company).findOne({ where: { id: found.subjectId }, relations: { city: true } });
    return company && company.status !== CompanyStatus.Erased ? company : null;
  }

  /** Spends the link: the organisation is signed in to its company area and, if it says so, confirms its listing. */
  async signIn(token: string, confirm: boolean, client: ClientInfo): Promise<{ session: NewSession; companyId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const spent = await this.tokens.consume(manager, TokenPurpose.ListingReview, token);
      const company = spent?.subjectId ? await manager.getRepository(Company).findOne({ where: { id: spent.subjectId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!company || company.status === CompanyStatus.Erased) {
        throw new UnprocessableEntityException({ statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' });
      }
      const actor = { type: 'company' as const, companyId: company.id, sessionId: '' };
      // Following the link proves the notice arrived, even if the mail server's answer was lost.
      const delivered = company.privacyNoticeDeliveredAt ?? new Date();
      await manager.getRepository(Company).update(company.id, { privacyNoticeDeliveredAt: delivered, ...(confirm && !company.listingConfirmedAt ? { listingConfirmedAt: new Date() } : {}) });
      if (confirm && !company.listingConfirmedAt) await this.audit.record(manager, { action: 'company.listing_confirmed', subjectType: 'company', subjectId: company.id, actor });
      const session = await this.sessions.create(manager, { type: 'company', companyId: company.id }, client);
      await this.audit.record(manager, { action: 'auth.company_logged_in', subjectType: 'company', subjectId: company.id, actor, after: { via: 'listing_notice' } });
      return { session, companyId: company.id };
    });
  }

  /** Confirmation from the company area, for an organisation listed by consent that did not confirm through the link. */
  async confirm(companyId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const company = await manager.getRepository(Company).findOne({ where: { id: companyId }, lock: { mode: 'pessimistic_write' } });
      if (!company || company.status === CompanyStatus.Erased || company.listingConfirmedAt) return;
      await manager.getRepository(Company).update(company.id, { listingConfirmedAt: new Date() });
      await this.audit.record(manager, { action: 'company.listing_confirmed', subjectType: 'company', subjectId: company.id });
    });
  }

  private async delivered(manager: EntityManager, message: OutboxMessage): Promise<void> {
    await manager.query(`UPDATE companies SET privacy_notice_delivered_at = now() WHERE id = $1 AND privacy_notice_delivered_at IS NULL`, [String(message.payload.companyId)]);
  }

  private async context(message: OutboxMessage): Promise<MailContext> {
    const company = await this.dataSource.getRepository(Company).findOneOrFail({ where: { id: String(message.payload.companyId) }, relations: { city: true } });
    const importer = company.importedBy ? await this.dataSource.getRepository(User).findOne({ where: { id: company.importedBy }, relations: { city: true } }) : null;
    const contact = importer?.cityId ? await this.dataSource.getRepository(OfficeContact).findOneBy({ cityId: importer.cityId }) : null;
    const office = contact && { name: contact.officeName, contactPerson: contact.contactPerson, email: contact.email, phone: contact.phone };
    const publicUrl = this.config.get('PUBLIC_URL', { infer: true });
    return {
      office,
      timeZone: company.city.country === 'CN' ? 'Asia/Shanghai' : 'Europe/Berlin',
      forLanguage: (language) => ({
        ...message.payload,
        recipientName: company.contactName ?? '',
        legalName: company.legalName,
        importingCityName: importer?.city ? localizedCityName(importer.city, language) : '',
        byConsent: company.listingLegalBasis === ListingLegalBasis.Consent,
        shown: {
          displayName: company.anonymous ? ANONYMOUS_NAME[language] : company.legalName,
          cityName: localizedCityName(company.city, language),
          organisationTypeLabel: ORGANISATION_TYPE_LABELS[language][company.organisationType],
          description: company.description,
          offersText: company.offersText,
          seeksText: company.seeksText,
          sectors: company.naceCodes.map((code) => `${code} ${naceTitles(code)?.[language] ?? ''}`.trim()),
          website: company.anonymous ? null : company.website,
        },
        expiresAt: company.expiresAt?.toISOString() ?? null,
        validDays: Math.round(LISTING_REVIEW_VALID_MS / 86_400_000),
        privacyLink: new URL(`/datenschutz?lang=${language}`, publicUrl).toString(),
        loginLink: new URL('/companies/login', publicUrl).toString(),
      }),
    };
  }
}
