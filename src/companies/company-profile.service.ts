import { ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokenPurpose } from '../auth/auth-token.entity';
import { EmailTokenService } from '../auth/email-token.service';
import { SessionService } from '../auth/session.service';
import { City } from '../cities/city.entity';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { Principal } from '../common/principal';
import { MailTransport } from '../mail/mail-transport.service';
import { OutboxService } from '../mail/outbox.service';
import { ResponseLinks } from '../match-requests/response-links.service';
import { CompanyConsent, ConsentKind } from './company-consent.entity';
import { CompanyEmailChangeService } from './company-email-change.service';
import { profileFields, searchFields } from './company-fields';
import { eraseCompanyFromImports } from './company-import.service';
import { CompanyPrivacyEvents } from './company-privacy-events';
import { CompanyStatus, nextCompanyStatus } from './company-status';
import { Company } from './company.entity';
import { TRANSFER_PERMITTING_BASES, TransferBasis } from './cross-border-policy';
import { CompanyProfileDto } from './dto/register-company.dto';
import { ProfileReferenceCheck } from './profile-reference-check.service';

const NAME_TAKEN = { statusCode: 409, field: 'legalName', message: 'legalName: another organisation of this city is registered under this name or one too easily confused with it.' };

const ERASED_PROFILE: Partial<Company> = {
  legalName: 'Erased organisation',
  street: '',
  postcode: '-',
  website: null,
  description: '',
  offersText: '',
  seeksText: '',
  keywords: [],
  contactName: null,
  contactRole: null,
  contactEmail: null,
  contactPhone: null,
  anonymous: true,
};

/** Values in audit entries about a company that name or reach a person; erasure removes them, the act stays. */
export const PERSONAL_AUDIT_KEYS = ['legalName', 'contactName', 'contactRole', 'contactEmail', 'contactPhone', 'website', 'street'] as const;

/** What a company does with its own profile: read, edit, consents, erasure. */
@Injectable()
export class CompanyProfileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceCheck: ProfileReferenceCheck,
    private readonly sessions: SessionService,
    private readonly tokens: EmailTokenService,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
    private readonly emailChanges: CompanyEmailChangeService,
    private readonly responseLinks: ResponseLinks,
    private readonly privacy: CompanyPrivacyEvents,
    private readonly outbox: OutboxService,
    private readonly transport: MailTransport,
  ) {}

  async find(companyId: string): Promise<{ company: Company; consents: CompanyConsent[] }> {
    const company = await this.dataSource.getRepository(Company).findOne({ where: { id: companyId }, relations: { city: true } });
    if (!company || company.status === CompanyStatus.Erased) throw new NotFoundException({ statusCode: 404, message: 'No such company.' });
    const consents = await this.dataSource.getRepository(CompanyConsent).find({ where: { companyId }, order: { givenAt: 'ASC' } });
    return { company, consents };
  }

  /** Replaces the profile; derived values (member city, SME class, search text) follow. The audit names changed fields, not personal values. */
  async update(companyId: string, profile: CompanyProfileDto): Promise<Company> {
    const location = await this.referenceCheck.check(profile);
    return this.dataSource.transaction(async (manager) => {
      const company = await this.lockLive(manager, companyId);
      const next = profileFields(profile, location.city, location.municipality);
      // The login address changes only through the link sent to the new address.
      if (next.contactEmail !== company.contactEmail) {
        await this.emailChanges.request(manager, company, next.contactEmail!);
        next.contactEmail = company.contactEmail;
      }
      if (next.legalNameKey !== company.legalNameKey || next.cityId !== company.cityId) await this.requireNameFree(manager, company.id, next.legalNameKey!, next.cityId!);
      const changed = (Object.keys(next) as Array<keyof Company>).filter((field) => !field.startsWith('search') && JSON.stringify(company[field]) !== JSON.stringify(next[field]));
      Object.assign(company, next);
      await manager
        .getRepository(Company)
        .save(company)
        .catch((error: unknown) => {
          // Two profiles renamed at once meet the unique index instead.
          if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === 'companies_name_city_key') throw new ConflictException(NAME_TAKEN);
          throw error;
        });
      await this.audit.record(manager, {
        action: 'company.updated',
        subjectType: 'company',
        subjectId: companyId,
        after: { changedFields: changed },
      });
      company.city = location.city;
      return company;
    });
  }

  /** A profile cannot take the name, or a look-alike of the name, of another organisation of its city. */
  private async requireNameFree(manager: EntityManager, companyId: string, legalNameKey: string, cityId: string): Promise<void> {
    const taken = await manager
      .getRepository(Company)
      .createQueryBuilder('company')
      .where('company.legalNameKey = :legalNameKey AND company.cityId = :cityId AND company.id <> :companyId AND company.status <> :erased', { legalNameKey, cityId, companyId, erased: CompanyStatus.Erased })
      .getExists();
    if (taken) throw new ConflictException(NAME_TAKEN);
  }

  async giveChinaTransferConsent(companyId: string, version: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockLive(manager, companyId);
      const open = await manager.getRepository(CompanyConsent).findOneBy({ companyId, kind: ConsentKind.ChinaTransfer, withdrawnAt: IsNull() });
      if (open?.version === version) return;
      if (open) await manager.getRepository(CompanyConsent).update(open.id, { withdrawnAt: new Date() });
      await manager.getRepository(CompanyConsent).insert({ companyId, kind: ConsentKind.ChinaTransfer, version });
      await this.audit.record(manager, { action: 'company.consent_given', subjectType: 'company', subjectId: companyId, after: { kind: ConsentKind.ChinaTransfer, version } });
    });
  }

  async withdrawChinaTransferConsent(companyId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const company = await this.lockLive(manager, companyId);
      const { affected } = await manager
        .getRepository(CompanyConsent)
        .createQueryBuilder()
        .update()
        .set({ withdrawnAt: () => 'now()' })
        .where('company_id = :companyId AND kind = :kind AND withdrawn_at IS NULL', { companyId, kind: ConsentKind.ChinaTransfer })
        .execute();
      if (!affected) return;
      await this.audit.record(manager, { action: 'company.consent_withdrawn', subjectType: 'company', subjectId: companyId, after: { kind: ConsentKind.ChinaTransfer } });
      // What has not happened yet across the border stops here, in this transaction.
      await this.privacy.crossBorderWithdrawn(manager, company);
    });
  }

  /**
   * An officer records the legal basis on which a Chinese organisation has its data sent to Germany. Only the home
   * office, the organisation's own city office or an administrator may; a basis that no longer permits the transfer
   * ends what is open across the border, like a withdrawn consent.
   */
  async setTransferBasis(officer: Officer, companyId: string, basis: TransferBasis): Promise<Company> {
    const scope = await this.homeCity.officerScope();
    return this.dataSource.transaction(async (manager) => {
      const company = await this.lockLive(manager, companyId);
      scope.requireActingFor(officer, company.cityId);
      const city = await manager.getRepository(City).findOneByOrFail({ id: company.cityId });
      if (city.country !== 'CN') {
        throw new UnprocessableEntityException({ statusCode: 422, message: 'A legal basis for the transfer to Germany is recorded only for organisations in Chinese member cities.', errors: [{ field: 'basis', message: 'only for organisations in Chinese member cities' }] });
      }
      const before = company.transferBasis;
      if (before === basis) return company;
      await manager.getRepository(Company).update(company.id, { transferBasis: basis });
      company.transferBasis = basis;
      await this.audit.record(manager, { action: 'company.transfer_basis_set', subjectType: 'company', subjectId: company.id, before: { transferBasis: before }, after: { transferBasis: basis } });
      if (!TRANSFER_PERMITTING_BASES.includes(basis)) await this.privacy.crossBorderWithdrawn(manager, company);
      return company;
    });
  }

  /**
   * Erasure (GDPR Art. 17): personal data is removed and the organisation anonymised; the row stays so
   * that past match statistics remain countable. Sessions and open links end at once. The company itself, the home office
   * or an administrator may erase it.
   */
  async erase(companyId: string, by: Principal): Promise<void> {
    const scope = by.type === 'user' ? await this.homeCity.officerScope() : undefined;
    // Erasure touches rows the mail worker locks in its own order while it records a delivery: a deadlock between the
    // two is resolved by PostgreSQL aborting one of them, and the erasure then runs again from the start.
    const emlIds = await retryOnDeadlock(() => this.dataSource.transaction(async (manager) => {
      if (by.type === 'user') scope!.requireHomeOffice(by);
      else if (by.companyId !== companyId) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'A company may erase only itself.' });
      const company = await this.lockLive(manager, companyId);
      const before = { status: company.status };
      const emails = await this.addressesOf(manager, company);
      // Open threads end first, while the others' contacts are there to be told (GDPR Art. 17(2)).
      await this.privacy.companyErasing(manager, company);
      const requestIds: Array<{ id: string }> = await manager.query(`SELECT id::text FROM match_requests WHERE requester_company_id = $1 OR target_company_id = $1`, [companyId]);
      const outboxIds = await this.outbox.eraseRecipient(manager, { emails, companyId, matchRequestIds: requestIds.map((row) => row.id) });
      company.status = nextCompanyStatus(company.status, 'erase');
      Object.assign(company, ERASED_PROFILE, { legalNameKey: `erased ${company.id}`, erasedAt: new Date() });
      Object.assign(company, searchFields(company));
      await manager.getRepository(Company).save(company);
      await this.sessions.eraseCompanySessions(manager, companyId);
      await this.emailChanges.eraseFor(manager, companyId);
      await eraseCompanyFromImports(manager, companyId);
      await this.responseLinks.revokeForCompany(manager, companyId);
      for (const purpose of [TokenPurpose.MagicLink, TokenPurpose.EmailVerification, TokenPurpose.ListingReview]) await this.tokens.revokeOpen(manager, purpose, { subjectId: companyId });
      await this.audit.pseudonymise(manager, 'company', companyId, PERSONAL_AUDIT_KEYS);
      await this.audit.record(manager, { action: 'company.erased', subjectType: 'company', subjectId: companyId, before, after: { status: company.status } });
      return outboxIds;
    }));
    // Files are not transactional: the copies go once the erasure has committed.
    await this.transport.removeEml(emlIds);
  }

  /** Every address of the company's people: today's, those it was moving to, and the contacts it named for its introductions. */
  private async addressesOf(manager: EntityManager, company: Company): Promise<string[]> {
    const rows: Array<{ email: string }> = await manager.query(
      `SELECT new_email AS email FROM company_email_changes WHERE company_id = $1
        UNION SELECT partner_contact_email FROM match_requests WHERE target_company_id = $1 AND partner_contact_email IS NOT NULL`,
      [company.id],
    );
    return [...new Set([company.contactEmail, ...rows.map((row) => row.email)].filter((email): email is string => !!email))];
  }

  private async lockLive(manager: EntityManager, companyId: string): Promise<Company> {
    const company = await manager.getRepository(Company).findOne({ where: { id: companyId }, lock: { mode: 'pessimistic_write' } });
    if (!company || company.status === CompanyStatus.Erased) throw new NotFoundException({ statusCode: 404, message: 'No such company.' });
    return company;
  }
}

const DEADLOCK = '40P01';

async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      if (code !== DEADLOCK || attempt >= attempts) throw error;
    }
  }
}
