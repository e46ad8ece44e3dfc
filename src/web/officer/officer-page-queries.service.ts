import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { User } from '../../auth/user.entity';
import { HomeCityService } from '../../cities/home-city.service';
import { UserRole } from '../../common/principal';
import { CompanyConsent } from '../../companies/company-consent.entity';
import { CompanyImport } from '../../companies/company-import.entity';
import { CompanyStatus } from '../../companies/company-status';
import { Company } from '../../companies/company.entity';
import { CrossBorderCheck } from '../../companies/cross-border-check.service';
import { visibleFromSql } from '../../companies/cross-border-policy';
import { CompanyProfileResponse, toCompanyProfileResponse } from '../../companies/dto/company.response';
import { MatchRequest } from '../../match-requests/match-request.entity';
import { Officer } from './officer-forms';

/** The reads the officer pages need beyond what the domain services offer: queue counts, names, recent imports. */
@Injectable()
export class OfficerPageQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly homeCity: HomeCityService,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  /** Profiles waiting for review, oldest first, in full (contact and consents), as the JSON API gives them. */
  async profilesForReview(page: number, pageSize: number): Promise<{ profiles: CompanyProfileResponse[]; total: number }> {
    const [companies, total] = await this.dataSource.getRepository(Company).findAndCount({
      where: { status: CompanyStatus.PendingReview },
      relations: { city: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const consents = companies.length ? await this.dataSource.getRepository(CompanyConsent).findBy({ companyId: In(companies.map((company) => company.id)) }) : [];
    return { profiles: companies.map((company) => toCompanyProfileResponse(company, consents.filter((consent) => consent.companyId === company.id))), total };
  }

  countProfilesForReview(): Promise<number> {
    return this.dataSource.getRepository(Company).countBy({ status: CompanyStatus.PendingReview });
  }

  /** Requests this officer may decide now: the home office's review, and the partner office's step for the officer's own city. */
  async countRequestsWaitingFor(officer: Officer): Promise<number> {
    const scope = await this.homeCity.officerScope();
    // Officers of a Chinese member city do not count what they may not see ($4 is null for everyone else).
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE r.status = 'pending_review' AND ($1::boolean OR requester.city_id = $2::uuid))
            + count(*) FILTER (WHERE r.status = 'pending_partner_office' AND ($3::boolean OR target.city_id = $2::uuid)) AS waiting
         FROM match_requests r
         JOIN companies requester ON requester.id = r.requester_company_id
         JOIN cities requester_city ON requester_city.id = requester.city_id
         JOIN companies target ON target.id = r.target_company_id
         JOIN cities target_city ON target_city.id = target.city_id
        WHERE r.status IN ('pending_review', 'pending_partner_office')
          AND ($4::text IS NULL OR (${visibleFromSql('requester', 'requester_city', '$4::text')} AND ${visibleFromSql('target', 'target_city', '$4::text')}))`,
      [scope.isHomeOffice(officer), officer.cityId, officer.role === UserRole.Admin, await this.crossBorder.officerCountry(officer.cityId)],
    );
    return Number(row.waiting);
  }

  /** Requests by id with both companies, only those the officer may see (the ids come from a link). */
  async requestsByIds(officer: Officer, ids: string[]): Promise<MatchRequest[]> {
    if (ids.length === 0) return [];
    const scope = await this.homeCity.officerScope();
    const builder = this.dataSource
      .getRepository(MatchRequest)
      .createQueryBuilder('request')
      .innerJoinAndSelect('request.requester', 'requester')
      .innerJoinAndSelect('requester.city', 'requesterCity')
      .innerJoinAndSelect('request.target', 'target')
      .innerJoinAndSelect('target.city', 'targetCity')
      .where('request.id IN (:...ids)', { ids });
    const side = await this.crossBorder.officerCountry(officer.cityId);
    this.crossBorder.restrict(builder, 'requester', 'requesterCity', side, 'requesterSide');
    this.crossBorder.restrict(builder, 'target', 'targetCity', side, 'targetSide');
    const requests = await builder.getMany();
    return requests.filter((request) => scope.maySeeRequest(officer, request.requester.cityId, request.target.cityId));
  }

  /** Whether this officer reviews for the home office (or is an administrator). */
  async isHomeOffice(officer: Officer): Promise<boolean> {
    return (await this.homeCity.officerScope()).isHomeOffice(officer);
  }

  recentImports(limit: number): Promise<CompanyImport[]> {
    return this.dataSource.getRepository(CompanyImport).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** Display names of staff accounts, for the audit log. */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.dataSource.getRepository(User).find({ where: { id: In(unique) }, select: { id: true, displayName: true } });
    return new Map(users.map((user) => [user.id, user.displayName]));
  }
}
