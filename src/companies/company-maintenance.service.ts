import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { CompanyLifecycleService } from './company-lifecycle.service';
import { emailLanguageOf } from './company-mail';
import { CompanyStatus } from './company-status';
import { PersonalDataRetention, RetentionReport } from './personal-data-retention.service';
import { Company } from './company.entity';

const REMINDER_BEFORE_MS = 30 * 24 * 3_600_000;
const UNVERIFIED_KEPT_MS = 7 * 24 * 3_600_000;
const BATCH = 200;

export interface MaintenanceReport extends RetentionReport {
  expired: number;
  reminded: number;
  purged: number;
}

/**
 * The periodic upkeep of profiles: expiry after 12 months, a renewal reminder 30 days before, unverified registrations
 * purged after 7 days; and the retention schedule of ended requests, emails and sessions.
 */
@Injectable()
export class CompanyMaintenanceService {
  private readonly logger = new Logger(CompanyMaintenanceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: CompanyLifecycleService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
    private readonly retention: PersonalDataRetention,
  ) {}

  async run(now = new Date()): Promise<MaintenanceReport> {
    const report = { expired: await this.expire(now), reminded: await this.remind(now), purged: await this.purgeUnverified(now), ...(await this.retention.run(now)) };
    this.logger.log({ ...report }, 'Company maintenance done');
    return report;
  }

  private async expire(now: Date): Promise<number> {
    return this.eachLocked(
      `status IN ('active', 'paused') AND expires_at <= $1`,
      [now],
      async (manager, company) => this.lifecycle.expire(manager, company),
    );
  }

  private async remind(now: Date): Promise<number> {
    return this.eachLocked(
      `status IN ('active', 'paused') AND expires_at > $1 AND expires_at <= $2 AND renewal_reminder_queued_at IS NULL`,
      [now, new Date(now.getTime() + REMINDER_BEFORE_MS)],
      async (manager, company) => {
        await manager.getRepository(Company).update(company.id, { renewalReminderQueuedAt: now });
        await this.outbox.enqueue(manager, {
          template: 'company_renewal_reminder',
          language: emailLanguageOf(company),
          recipient: company.contactEmail!,
          payload: { legalName: company.legalName, contactName: company.contactName, expiresAt: company.expiresAt!.toISOString(), link: new URL('/companies/login', this.config.get('PUBLIC_URL', { infer: true })).toString() },
        });
        await this.audit.record(manager, { action: 'company.renewal_reminder_queued', subjectType: 'company', subjectId: company.id });
      },
    );
  }

  private async purgeUnverified(now: Date): Promise<number> {
    return this.eachLocked(`status = 'unverified' AND created_at <= $1`, [new Date(now.getTime() - UNVERIFIED_KEPT_MS)], async (manager, company) => {
      await manager.getRepository(Company).delete(company.id);
      await this.audit.record(manager, { action: 'company.purged', subjectType: 'company', subjectId: company.id, before: { status: company.status } });
    });
  }

  /** Works through matching profiles in batches; SKIP LOCKED lets several workers share the work without doing any twice. */
  private async eachLocked(condition: string, parameters: unknown[], work: (manager: EntityManager, company: Company) => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const ids: Array<{ id: string }> = await manager.query(`SELECT id FROM companies WHERE ${condition} ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, parameters);
        for (const { id } of ids) await work(manager, await manager.getRepository(Company).findOneByOrFail({ id }));
        return ids.length;
      });
      total += handled;
      if (handled < BATCH) return total;
    }
  }
}
