import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { OfficerNotifier } from '../auth/officer-notifier.service';
import { OfficerNotificationMode, User } from '../auth/user.entity';
import { City } from '../cities/city.entity';
import { HomeCityService } from '../cities/home-city.service';
import { Officer, OfficerScope } from '../cities/officer-scope';
import { CompanyStatus } from '../companies/company-status';
import { Company } from '../companies/company.entity';
import { CrossBorderCheck } from '../companies/cross-border-check.service';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { MatchRequestStatus } from './match-request-status';
import { MatchRequest } from './match-request.entity';

// A summary a day: sent once its officer's last one is this old.
const DIGEST_INTERVAL_MS = 23 * 3_600_000;
const BATCH = 50;
const LISTED = 50;

export interface OfficerDigestReport {
  checked: number;
  sent: number;
}

/** The daily summary for officers who chose it: the profiles and requests waiting for them. */
@Injectable()
export class OfficerDigestService {
  private readonly logger = new Logger(OfficerDigestService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly officers: OfficerNotifier,
    private readonly homeCity: HomeCityService,
    private readonly config: ConfigService<Environment, true>,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  async sendDue(now = new Date()): Promise<OfficerDigestReport> {
    const scope = await this.homeCity.officerScope();
    const report = { checked: 0, sent: 0 };
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .getRepository(User)
          .createQueryBuilder('user')
          .where('user.notificationMode = :daily AND user.disabledAt IS NULL AND user.passwordHash IS NOT NULL AND user.cityId IS NOT NULL', { daily: OfficerNotificationMode.Daily })
          .andWhere('(user.lastDigestAt IS NULL OR user.lastDigestAt <= :cutoff)', { cutoff: new Date(now.getTime() - DIGEST_INTERVAL_MS) })
          .orderBy('user.id')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const officer of due) if (await this.sendTo(manager, officer, scope, now)) report.sent += 1;
        return due.length;
      });
      report.checked += handled;
      if (handled < BATCH) break;
    }
    this.logger.log(report, 'Officer digests done');
    return report;
  }

  private async sendTo(manager: EntityManager, officer: User, scope: OfficerScope, now: Date): Promise<boolean> {
    await manager.getRepository(User).update(officer.id, { lastDigestAt: now });
    const reviewer: Officer = { userId: officer.id, role: officer.role, cityId: officer.cityId };
    const language = await this.officers.languageOf(manager, officer.cityId!);
    const name = (city: City) => (language === 'zh' ? (city.nameZh ?? city.nameDe) : language === 'en' ? city.nameEn : city.nameDe);
    const companies = scope.isHomeOffice(reviewer) ? await this.waitingCompanies(manager) : [];
    const requests = await this.waitingRequests(manager, reviewer, scope);
    if (companies.length === 0 && requests.length === 0) return false;
    await this.outbox.enqueue(manager, {
      template: 'officer_daily_digest',
      language,
      recipient: officer.email,
      payload: {
        recipientName: officer.displayName,
        displayName: officer.displayName,
        companies: companies.map((company) => ({ legalName: company.legalName, cityName: name(company.city), link: this.link(`/officer/companies#profile-${company.id}`) })),
        matchRequests: requests.map((request) => ({
          requesterName: request.requester.legalName,
          targetName: request.target.legalName,
          targetCityName: name(request.target.city),
          link: this.link(`/officer/match-requests#request-${request.id}`),
        })),
        link: this.link('/officer'),
      },
    });
    return true;
  }

  private waitingCompanies(manager: EntityManager): Promise<Company[]> {
    return manager.getRepository(Company).find({ where: { status: CompanyStatus.PendingReview }, relations: { city: true }, order: { createdAt: 'ASC' }, take: LISTED });
  }

  /** What this officer can decide: the home review, or the partner office's step for its own city; of the other side of the border only what may cross. */
  private async waitingRequests(manager: EntityManager, reviewer: Officer, scope: OfficerScope): Promise<MatchRequest[]> {
    const builder = manager
      .getRepository(MatchRequest)
      .createQueryBuilder('request')
      .innerJoinAndSelect('request.requester', 'requester')
      .innerJoinAndSelect('requester.city', 'requesterCity')
      .innerJoinAndSelect('request.target', 'target')
      .innerJoinAndSelect('target.city', 'targetCity')
      .where('request.status IN (:...waiting)', { waiting: [MatchRequestStatus.PendingReview, MatchRequestStatus.PendingPartnerOffice] })
      .orderBy('request.createdAt', 'ASC')
      .take(LISTED * 4);
    const side = await this.crossBorder.officerCountry(reviewer.cityId);
    this.crossBorder.restrict(builder, 'requester', 'requesterCity', side, 'requesterSide');
    this.crossBorder.restrict(builder, 'target', 'targetCity', side, 'targetSide');
    const waiting = await builder.getMany();
    return waiting
      .filter((request) =>
        request.status === MatchRequestStatus.PendingReview ? scope.mayReview(reviewer, request.requester.cityId) : scope.mayDecideForPartnerOffice(reviewer, request.target.cityId),
      )
      .slice(0, LISTED);
  }

  private link(path: string): string {
    return new URL(path, this.config.get('PUBLIC_URL', { infer: true })).toString();
  }
}
