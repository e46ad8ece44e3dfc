import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { emailLanguageOf } from '../companies/company-mail';
import { CompanyPrivacyEvents } from '../companies/company-privacy-events';
import { CompanyStatus } from '../companies/company-status';
import { Company } from '../companies/company.entity';
import { UiLanguage } from '../common/language';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { DIGEST_MIN_SCORE } from './match-weights';
import { MatchingService } from './matching.service';
import { SuggestionAlert } from './suggestion-alert.entity';
import { explainMatch } from './suggestion-reasons';

export const DIGEST_INTERVAL_MS = 7 * 24 * 3_600_000;
const DIGEST_SIZE = 5;
const BATCH = 50;

export interface DigestReport {
  checked: number;
  sent: number;
}

/** Weekly emails about new profiles that would rank high for a company; off until the company turns them on. */
@Injectable()
export class SuggestionAlertsService implements OnModuleInit {
  private readonly logger = new Logger(SuggestionAlertsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly matching: MatchingService,
    private readonly outbox: OutboxService,
    private readonly config: ConfigService<Environment, true>,
    private readonly privacy: CompanyPrivacyEvents,
  ) {}

  onModuleInit(): void {
    // An erased company's setting goes with it.
    this.privacy.subscribe({ companyErasing: async (manager, company) => void (await manager.getRepository(SuggestionAlert).delete({ companyId: company.id })) });
  }

  async get(companyId: string): Promise<SuggestionAlert> {
    return (await this.dataSource.getRepository(SuggestionAlert).findOneBy({ companyId })) ?? this.dataSource.getRepository(SuggestionAlert).create({ companyId, enabled: false, lastDigestAt: null });
  }

  /** Turning alerts on starts the window now: the first digest lists profiles that appear from here on. */
  async set(companyId: string, enabled: boolean): Promise<SuggestionAlert> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SuggestionAlert);
      const current = await repository.findOne({ where: { companyId }, lock: { mode: 'pessimistic_write' } });
      const switchedOn = enabled && !current?.enabled;
      return repository.save(repository.create({ ...current, companyId, enabled, lastDigestAt: switchedOn ? new Date() : (current?.lastDigestAt ?? null) }));
    });
  }

  /** Sends every digest that is due; several workers may run it at once (SKIP LOCKED), each alert is handled once per week. */
  async sendDueDigests(now = new Date()): Promise<DigestReport> {
    const report = { checked: 0, sent: 0 };
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const due: SuggestionAlert[] = await manager
          .getRepository(SuggestionAlert)
          .createQueryBuilder('alert')
          .innerJoin('alert.company', 'company', 'company.status = :active', { active: CompanyStatus.Active })
          .where('alert.enabled AND alert.lastDigestAt <= :cutoff', { cutoff: new Date(now.getTime() - DIGEST_INTERVAL_MS) })
          .orderBy('alert.lastDigestAt', 'ASC')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const alert of due) if (await this.sendDigest(manager, alert, now)) report.sent += 1;
        return due.length;
      });
      report.checked += handled;
      if (handled < BATCH) break;
    }
    this.logger.log({ ...report }, 'Suggestion digests done');
    return report;
  }

  private async sendDigest(manager: EntityManager, alert: SuggestionAlert, now: Date): Promise<boolean> {
    const matches = await this.matching.newMatchesFor(alert.companyId, alert.lastDigestAt!, DIGEST_MIN_SCORE, DIGEST_SIZE);
    await manager.getRepository(SuggestionAlert).update(alert.companyId, { lastDigestAt: now });
    if (matches.length === 0) return false;
    const company = await manager.getRepository(Company).findOneByOrFail({ id: alert.companyId });
    const language = emailLanguageOf(company) as UiLanguage;
    const publicUrl = this.config.get('PUBLIC_URL', { infer: true });
    await this.outbox.enqueue(manager, {
      template: 'suggestion_digest',
      language,
      recipient: company.contactEmail!,
      payload: {
        contactName: company.contactName,
        legalName: company.legalName,
        suggestions: matches.map((match) => ({
          companyId: match.companyId,
          name: match.company.anonymous ? null : match.company.legalName,
          city: { de: match.company.city.nameDe, en: match.company.city.nameEn, zh: match.company.city.nameZh },
          score: match.score,
          reasons: explainMatch(match.signals, language),
          link: new URL(`/directory/${match.companyId}`, publicUrl).toString(),
        })),
        settingsLink: new URL('/companies/area', publicUrl).toString(),
      },
    });
    return true;
  }
}
