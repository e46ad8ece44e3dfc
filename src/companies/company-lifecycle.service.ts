import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { emailLanguageOf } from './company-mail';
import { CompanyStatus, CompanyTransition, CompanyTransitionError, nextCompanyStatus } from './company-status';
import { Company } from './company.entity';

const VALIDITY_MONTHS = 12;

export function validUntil(from: Date): Date {
  const until = new Date(from);
  until.setMonth(until.getMonth() + VALIDITY_MONTHS);
  return until;
}

type ChangeOf = (company: Company) => Partial<Company>;

const AUDIT_ACTION: Record<CompanyTransition, string> = {
  verify_email: 'company.email_verified',
  approve: 'company.approved',
  reject: 'company.rejected',
  pause: 'company.paused',
  resume: 'company.resumed',
  renew: 'company.renewed',
  expire: 'company.expired',
  erase: 'company.erased',
};

/** Status changes of a profile: each goes through the state machine, is audited and, where it tells someone, queues the email. */
@Injectable()
export class CompanyLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Profile review belongs to the home office. */
  approve(companyId: string, officer: Officer): Promise<Company> {
    const now = new Date();
    return this.apply(companyId, 'approve', () => ({ reviewedAt: now, reviewedBy: officer.userId, activatedAt: now, expiresAt: validUntil(now), rejectionReason: null }), 'company_approved', officer);
  }

  reject(companyId: string, officer: Officer, reason: string): Promise<Company> {
    return this.apply(companyId, 'reject', () => ({ reviewedAt: new Date(), reviewedBy: officer.userId, rejectionReason: reason }), 'company_rejected', officer);
  }

  pause(companyId: string): Promise<Company> {
    return this.apply(companyId, 'pause', () => ({}));
  }

  resume(companyId: string): Promise<Company> {
    return this.apply(companyId, 'resume', () => ({}));
  }

  /** Another twelve months from today; a paused profile stays paused until resumed. */
  renew(companyId: string): Promise<Company> {
    return this.apply(companyId, 'renew', (company) => ({
      status: company.status === CompanyStatus.Paused ? CompanyStatus.Paused : CompanyStatus.Active,
      expiresAt: validUntil(new Date()),
      renewalReminderQueuedAt: null,
    }));
  }

  /** Used by the maintenance job, inside its own transaction. */
  async expire(manager: EntityManager, company: Company): Promise<void> {
    await this.applyIn(manager, company, 'expire', () => ({}), 'company_expired');
  }

  private async apply(companyId: string, transition: CompanyTransition, change: ChangeOf, template?: string, reviewer?: Officer): Promise<Company> {
    const scope = reviewer ? await this.homeCity.officerScope() : undefined;
    return this.dataSource.transaction(async (manager) => {
      if (reviewer) scope!.requireHomeOffice(reviewer);
      const company = await manager.getRepository(Company).findOne({ where: { id: companyId }, lock: { mode: 'pessimistic_write' } });
      if (!company) throw new NotFoundException({ statusCode: 404, message: 'No such company.' });
      return this.applyIn(manager, company, transition, change, template);
    });
  }

  private async applyIn(manager: EntityManager, company: Company, transition: CompanyTransition, change: ChangeOf, template?: string): Promise<Company> {
    const before = { status: company.status, expiresAt: company.expiresAt };
    try {
      company.status = nextCompanyStatus(company.status, transition);
    } catch (error) {
      if (error instanceof CompanyTransitionError) throw new ConflictException({ statusCode: 409, message: error.message, status: error.from });
      throw error;
    }
    Object.assign(company, change(company));
    await manager.getRepository(Company).save(company);
    if (template && company.contactEmail) {
      await this.outbox.enqueue(manager, {
        template,
        language: emailLanguageOf(company),
        recipient: company.contactEmail,
        payload: {
          legalName: company.legalName,
          contactName: company.contactName,
          reason: company.rejectionReason,
          expiresAt: company.expiresAt?.toISOString() ?? null,
          link: new URL('/companies/login', this.config.get('PUBLIC_URL', { infer: true })).toString(),
        },
      });
    }
    await this.audit.record(manager, {
      action: AUDIT_ACTION[transition],
      subjectType: 'company',
      subjectId: company.id,
      before,
      after: { status: company.status, expiresAt: company.expiresAt, ...(company.rejectionReason && transition === 'reject' && { reason: company.rejectionReason }) },
    });
    return company;
  }
}
