import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokenPurpose } from '../auth/auth-token.entity';
import { EmailTokenService } from '../auth/email-token.service';
import { City } from '../cities/city.entity';
import { OfficeContact } from '../cities/office-contact.entity';
import { Environment } from '../config/environment';
import { OfficerNotifier } from '../auth/officer-notifier.service';
import { OutboxService } from '../mail/outbox.service';
import { CompanyConsent, ConsentKind } from './company-consent.entity';
import { Duplicate, findDuplicate, profileFields } from './company-fields';
import { TransferBasis } from './cross-border-policy';
import { emailLanguageOf, publicLink } from './company-mail';
import { CompanyStatus, nextCompanyStatus } from './company-status';
import { Company } from './company.entity';
import { RegisterCompanyDto } from './dto/register-company.dto';
import { ProfileReferenceCheck } from './profile-reference-check.service';

export const EMAIL_VERIFICATION_VALID_MS = 48 * 3_600_000;


@Injectable()
export class CompanyRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceCheck: ProfileReferenceCheck,
    private readonly tokens: EmailTokenService,
    private readonly outbox: OutboxService,
    private readonly officers: OfficerNotifier,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /**
   * Stores the profile as unverified with its consents, and queues the verification email, in one transaction. A
   * registration that duplicates one on file creates nothing and gets the same answer; the address learns why by
   * email (see answerDuplicate), the caller does not.
   */
  async register(registration: RegisterCompanyDto): Promise<void> {
    const location = await this.referenceCheck.check(registration);
    try {
      await this.dataSource.transaction(async (manager) => {
        const duplicate = await findDuplicate(manager, registration, location.city);
        if (duplicate) return this.answerDuplicate(manager, registration, duplicate);
        await this.createUnverified(manager, registration, location);
      });
    } catch (error) {
      // Two registrations racing past the duplicate check meet the unique indexes instead.
      if (!(error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')) throw error;
      await this.dataSource.transaction(async (manager) => {
        const duplicate = await findDuplicate(manager, registration, location.city);
        if (duplicate) await this.answerDuplicate(manager, registration, duplicate);
      });
    }
  }

  private async createUnverified(manager: EntityManager, registration: RegisterCompanyDto, location: { city: City; municipality: string }): Promise<void> {
    const company = await manager.getRepository(Company).save(
      manager.getRepository(Company).create({
        ...profileFields(registration, location.city, location.municipality),
        // An organisation in China that registers itself gives its data to the platform in Germany directly: no Chinese handler transfers it.
        transferBasis: location.city.country === 'CN' ? TransferBasis.NotApplicable : null,
        status: CompanyStatus.Unverified,
      }),
    );
    await this.recordConsents(manager, company.id, registration);
    await this.sendVerification(manager, company);
    await this.audit.record(manager, {
      action: 'company.registered',
      subjectType: 'company',
      subjectId: company.id,
      after: { status: company.status, legalName: company.legalName, cityId: company.cityId },
    });
  }

  // The address is not confirmed yet: the email carries none of the registrant's words, only the platform's and the link.
  private async sendVerification(manager: EntityManager, company: Company): Promise<void> {
    const token = await this.tokens.issue(manager, TokenPurpose.EmailVerification, { subjectId: company.id }, EMAIL_VERIFICATION_VALID_MS);
    await this.outbox.enqueue(manager, {
      template: 'company_email_verification',
      language: emailLanguageOf(company),
      recipient: company.contactEmail!,
      payload: {},
      secretLink: publicLink(this.publicUrl, '/companies/verify', token),
    });
  }

  /**
   * The registrant's address is on file: its owner hears that someone tried (a fresh verification link when it was
   * never confirmed). Only the name is on file: the registrant's address hears that the organisation exists. Either
   * email says no more than the platform's own words, and at most one goes to an address in ten minutes.
   */
  private async answerDuplicate(manager: EntityManager, registration: RegisterCompanyDto, duplicate: Duplicate): Promise<void> {
    const recipient = registration.contact.email;
    await this.audit.record(manager, { action: 'company.duplicate_registration', subjectType: 'company', subjectId: duplicate.company.id, after: { matchedBy: duplicate.matchedBy } });
    if (await this.recentlyAnswered(manager, recipient)) return;
    if (duplicate.matchedBy === 'email' && duplicate.company.status === CompanyStatus.Unverified) return this.sendVerification(manager, duplicate.company);
    await this.outbox.enqueue(manager, {
      template: duplicate.matchedBy === 'email' ? 'company_registration_existing' : 'company_registration_duplicate',
      language: duplicate.matchedBy === 'email' ? emailLanguageOf(duplicate.company) : emailLanguageOf({ preferredLanguage: registration.preferredLanguage, languages: registration.languages }),
      recipient,
      payload: { signInLink: new URL('/companies/login', this.publicUrl).toString() },
    });
  }

  private async recentlyAnswered(manager: EntityManager, recipient: string): Promise<boolean> {
    const [{ recent }] = await manager.query(
      `SELECT count(*)::int AS recent FROM outbox_messages
        WHERE recipient = $1 AND template IN ('company_email_verification', 'company_registration_existing', 'company_registration_duplicate') AND created_at > now() - interval '10 minutes'`,
      [recipient],
    );
    return recent > 0;
  }

  /** The contact confirms the email address; the profile then waits for an officer's review. */
  async verifyEmail(token: string): Promise<Company> {
    return this.dataSource.transaction(async (manager) => {
      const spent = await this.tokens.consume(manager, TokenPurpose.EmailVerification, token);
      if (!spent?.subjectId) throw new UnprocessableEntityException({ statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' });
      const company = await manager.getRepository(Company).findOneOrFail({ where: { id: spent.subjectId }, lock: { mode: 'pessimistic_write' } });
      const before = company.status;
      company.status = nextCompanyStatus(company.status, 'verify_email');
      company.emailVerifiedAt = new Date();
      await manager.getRepository(Company).save(company);
      await this.notifyHomeOffice(manager, company);
      await this.audit.record(manager, { action: 'company.email_verified', subjectType: 'company', subjectId: company.id, before: { status: before }, after: { status: company.status } });
      return company;
    });
  }

  private async recordConsents(manager: EntityManager, companyId: string, registration: RegisterCompanyDto): Promise<void> {
    const consents = [{ companyId, kind: ConsentKind.PrivacyPolicy, version: registration.consent.privacyPolicyVersion }];
    if (registration.consent.chinaTransferVersion) consents.push({ companyId, kind: ConsentKind.ChinaTransfer, version: registration.consent.chinaTransferVersion });
    await manager.getRepository(CompanyConsent).insert(consents);
  }

  /** The home office's officers hear of every profile waiting for review (those who chose the daily summary find it there). */
  private async notifyHomeOffice(manager: EntityManager, company: Company): Promise<void> {
    const home = await manager.getRepository(City).findOneByOrFail({ slug: this.config.get('HOME_CITY', { infer: true }) });
    const city = await manager.getRepository(City).findOneByOrFail({ id: company.cityId });
    await this.officers.notifyNow(manager, home.id, 'officer_company_waiting', {
      legalName: company.legalName,
      companyId: company.id,
      cityName: city.nameDe,
      link: new URL(`/officer/companies#profile-${company.id}`, this.publicUrl).toString(),
    });
  }

  private get publicUrl(): string {
    return this.config.get('PUBLIC_URL', { infer: true });
  }
}
