import { ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { OfficerNotifier } from '../auth/officer-notifier.service';
import { User } from '../auth/user.entity';
import { HomeCityService } from '../cities/home-city.service';
import { OfficeContact } from '../cities/office-contact.entity';
import { Officer, OfficerScope } from '../cities/officer-scope';
import { CrossBorderCheck, CrossBorderState } from '../companies/cross-border-check.service';
import { requireIntroducible } from '../companies/listing-notice';
import { Decision, DecideMatchRequestsDto, OfficerMatchRequestsQuery } from './dto/match-request.dto';
import { IntroductionMailService } from './introduction-mail.service';
import { MatchRequestStatus } from './match-request-status';
import { MatchRequestTransitions } from './match-request-transitions.service';
import { MatchRequest, MatchRequestOrigin } from './match-request.entity';

export interface ApproveOptions {
  note?: string;
  version?: number;
}

export interface DecisionResult {
  id: string;
  outcome: 'done' | 'refused';
  status: MatchRequestStatus | null;
  httpStatus: number;
  message?: string;
}

const DEFAULT_QUEUE = [MatchRequestStatus.PendingReview, MatchRequestStatus.PendingPartnerOffice];

/** The officers' side: the review queue, approval (by the home office and, where it asks to, the partner office) and rejection. */
@Injectable()
export class MatchRequestReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: MatchRequestTransitions,
    private readonly mail: IntroductionMailService,
    private readonly homeCity: HomeCityService,
    private readonly officers: OfficerNotifier,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  async approve(reviewer: Officer, requestId: string, options: ApproveOptions): Promise<MatchRequest> {
    const scope = await this.homeCity.officerScope();
    return this.dataSource.transaction((manager) => this.approveIn(manager, reviewer, requestId, options, scope));
  }

  /** Approval inside the caller's transaction: an officer's proposal is made and approved in one. */
  async approveIn(manager: EntityManager, reviewer: Officer, requestId: string, options: ApproveOptions, scope: OfficerScope): Promise<MatchRequest> {
    const request = await this.load(manager, requestId, reviewer, scope);
    const now = new Date();
    if (request.status === MatchRequestStatus.PendingPartnerOffice) {
      this.requirePartnerOffice(reviewer, request, scope);
      await this.crossBorder.requirePair(manager, request.requesterCompanyId, request.targetCompanyId);
      requireBothIntroducible(request);
      const officerNote = [request.officerNote, options.note].filter(Boolean).join('\n\n') || null;
      await this.transitions.apply(manager, request, 'partner_office_approve', { partnerOfficeDecidedBy: reviewer.userId, partnerOfficeDecidedAt: now, officerNote }, options.version);
      return this.queueEmailsOfApproval(manager, request);
    }
    this.requireHomeOffice(reviewer, request, scope);
    await this.crossBorder.requirePair(manager, request.requesterCompanyId, request.targetCompanyId);
    requireBothIntroducible(request);
    const decision = { homeDecidedBy: reviewer.userId, homeDecidedAt: now, officerNote: options.note ?? null };
    if (await this.partnerOfficeDecidesToo(manager, request, scope)) {
      await this.transitions.apply(manager, request, 'refer_to_partner_office', decision, options.version);
      await this.officers.notifyNow(manager, request.target.cityId, 'officer_match_request_waiting', { matchRequestId: request.id, link: this.mail.link(`/officer/match-requests#request-${request.id}`) });
      return request;
    }
    await this.transitions.apply(manager, request, 'approve', decision, options.version);
    return this.queueEmailsOfApproval(manager, request);
  }

  async reject(reviewer: Officer, requestId: string, reason: string, version?: number): Promise<MatchRequest> {
    const scope = await this.homeCity.officerScope();
    return this.dataSource.transaction(async (manager) => {
      const request = await this.load(manager, requestId, reviewer, scope);
      const atPartnerOffice = request.status === MatchRequestStatus.PendingPartnerOffice;
      if (atPartnerOffice) this.requirePartnerOffice(reviewer, request, scope);
      else this.requireHomeOffice(reviewer, request, scope);
      const decidedBy = atPartnerOffice ? { partnerOfficeDecidedBy: reviewer.userId, partnerOfficeDecidedAt: new Date() } : { homeDecidedBy: reviewer.userId, homeDecidedAt: new Date() };
      await this.transitions.apply(manager, request, 'reject', { ...decidedBy, rejectionReason: reason }, version);
      if (request.origin === MatchRequestOrigin.Company) await this.mail.queueRejectedNotice(manager, request, request.requester, reason);
      return request;
    });
  }

  /** Several decisions at once, each in its own transaction: one refused request does not hold up the others. */
  async decideMany(reviewer: Officer, body: DecideMatchRequestsDto): Promise<DecisionResult[]> {
    const results: DecisionResult[] = [];
    for (const id of body.ids) {
      try {
        const request = body.decision === Decision.Approve ? await this.approve(reviewer, id, { note: body.note }) : await this.reject(reviewer, id, body.reason!);
        results.push({ id, outcome: 'done', status: request.status, httpStatus: 200 });
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        const response = error.getResponse() as { message?: string; status?: MatchRequestStatus };
        results.push({ id, outcome: 'refused', status: response.status ?? null, httpStatus: error.getStatus(), message: response.message });
      }
    }
    return results;
  }

  /**
   * The requests this officer may see; `withContacts` says whether the contact persons may leave the server with them,
   * `decidable` which of them wait for this officer's decision, `crossBorder` the cross-border state of every company in
   * them (the request card shows both sides').
   */
  async queue(
    reviewer: Officer,
    query: OfficerMatchRequestsQuery,
  ): Promise<{ requests: MatchRequest[]; total: number; withContacts: boolean; decidable: Set<string>; crossBorder: Map<string, CrossBorderState> }> {
    const scope = await this.homeCity.officerScope();
    const builder = this.withCompanies(this.dataSource.getRepository(MatchRequest).createQueryBuilder('request'))
      .where('request.status IN (:...statuses)', { statuses: query.status ?? DEFAULT_QUEUE })
      .orderBy('request.updatedAt', 'ASC')
      .addOrderBy('request.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (!scope.isHomeOffice(reviewer)) builder.andWhere('(requester.cityId = :own OR target.cityId = :own)', { own: reviewer.cityId });
    await this.restrictToOfficerSide(builder, reviewer);
    if (query.partnerCity) builder.andWhere('targetCity.slug = :partnerCity', { partnerCity: query.partnerCity });
    if (query.country) builder.andWhere('targetCity.country = :country', { country: query.country });
    if (query.minWaitingDays !== undefined) builder.andWhere(`request.updatedAt <= now() - make_interval(days => :days)`, { days: query.minWaitingDays });
    const [requests, total] = await builder.getManyAndCount();
    const decidable = new Set(requests.filter((request) => this.waitsFor(reviewer, request, scope)).map((request) => request.id));
    const companyIds = [...new Set(requests.flatMap((request) => [request.requesterCompanyId, request.targetCompanyId]))];
    return { requests, total, withContacts: scope.seesContactData(reviewer), decidable, crossBorder: await this.crossBorder.states(this.dataSource.manager, companyIds) };
  }

  private async queueEmailsOfApproval(manager: EntityManager, request: MatchRequest): Promise<MatchRequest> {
    await this.mail.queueIntroduction(manager, request, request.target);
    await this.mail.queueApprovedNotice(manager, request, request.requester);
    return request;
  }

  /** Where the partner city has chosen to approve introductions and has officers here to do it, they decide too. */
  private async partnerOfficeDecidesToo(manager: EntityManager, request: MatchRequest, scope: OfficerScope): Promise<boolean> {
    const partnerCityId = request.target.cityId;
    if (partnerCityId === scope.homeCityId || partnerCityId === request.requester.cityId) return false;
    const office = await manager.getRepository(OfficeContact).findOneBy({ cityId: partnerCityId });
    if (!office?.approvesIntroductions) return false;
    return manager
      .getRepository(User)
      .createQueryBuilder('user')
      .where('user.cityId = :partnerCityId AND user.disabledAt IS NULL AND user.passwordHash IS NOT NULL', { partnerCityId })
      .getExists();
  }

  /** Officers of a Chinese member city see nothing of a company whose data may not cross to them. */
  private async restrictToOfficerSide(builder: SelectQueryBuilder<MatchRequest>, reviewer: Officer): Promise<void> {
    const side = await this.crossBorder.officerCountry(reviewer.cityId);
    this.crossBorder.restrict(builder, 'requester', 'requesterCity', side, 'requesterSide');
    this.crossBorder.restrict(builder, 'target', 'targetCity', side, 'targetSide');
  }

  private async load(manager: EntityManager, requestId: string, reviewer: Officer, scope: OfficerScope): Promise<MatchRequest> {
    const builder = this.withCompanies(manager.getRepository(MatchRequest).createQueryBuilder('request')).where('request.id = :requestId', { requestId });
    await this.restrictToOfficerSide(builder, reviewer);
    const request = await builder.getOne();
    // Officers of an uninvolved city learn nothing about the request, not even that it exists.
    if (!request || !scope.maySeeRequest(reviewer, request.requester.cityId, request.target.cityId)) throw new NotFoundException({ statusCode: 404, message: 'No such match request.' });
    return request;
  }

  private waitsFor(reviewer: Officer, request: MatchRequest, scope: OfficerScope): boolean {
    if (request.status === MatchRequestStatus.PendingReview) return scope.mayReview(reviewer, request.requester.cityId);
    return request.status === MatchRequestStatus.PendingPartnerOffice && scope.mayDecideForPartnerOffice(reviewer, request.target.cityId);
  }

  private requireHomeOffice(reviewer: Officer, request: MatchRequest, scope: OfficerScope): void {
    if (!scope.mayReview(reviewer, request.requester.cityId)) throw new ForbiddenException({ statusCode: 403, message: 'Only the home office reviews this request; your office decides once it waits for the partner office.' });
  }

  private requirePartnerOffice(reviewer: Officer, request: MatchRequest, scope: OfficerScope): void {
    if (!scope.mayDecideForPartnerOffice(reviewer, request.target.cityId)) {
      throw new ForbiddenException({ statusCode: 403, message: `This request waits for the office of ${request.target.city.nameEn}.` });
    }
  }

  private withCompanies(builder: SelectQueryBuilder<MatchRequest>): SelectQueryBuilder<MatchRequest> {
    return builder
      .innerJoinAndSelect('request.requester', 'requester')
      .innerJoinAndSelect('requester.city', 'requesterCity')
      .innerJoinAndSelect('request.target', 'target')
      .innerJoinAndSelect('target.city', 'targetCity');
  }
}

/** An imported organisation is introduced, or introduced to, only once it has been told of its listing. */
function requireBothIntroducible(request: MatchRequest): void {
  requireIntroducible(request.requester, 'requesterCompanyId');
  requireIntroducible(request.target, 'targetCompanyId');
}
