import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { OfficerNotifier } from '../auth/officer-notifier.service';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { CompanyStatus } from '../companies/company-status';
import { requireIntroducible } from '../companies/listing-notice';
import { Company } from '../companies/company.entity';
import { CrossBorderCheck } from '../companies/cross-border-check.service';
import { Environment } from '../config/environment';
import { MatchingService } from '../matching/matching.service';
import { CreateMatchRequestDto } from './dto/match-request.dto';
import { MatchRequestReviewService } from './match-request-review.service';
import { MatchRequestStatus, OPEN_MATCH_REQUEST_STATUSES } from './match-request-status';
import { MatchRequestTransitions } from './match-request-transitions.service';
import { MatchRequest, MatchRequestOrigin } from './match-request.entity';

/** A request as its company sees it: with the time its introduction was found not to have reached the partner, if so. */
export type CompanyMatchRequest = MatchRequest & { introductionUndeliveredAt: Date | null };

// A pair with one of these may not start another request: it is under way, or the partner already answered.
const PAIR_BLOCKING_STATUSES = [...OPEN_MATCH_REQUEST_STATUSES, MatchRequestStatus.Declined, MatchRequestStatus.Connected];

/** How companies ask for introductions (and officers propose them), see their own requests and withdraw them. */
@Injectable()
export class MatchRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly matching: MatchingService,
    private readonly transitions: MatchRequestTransitions,
    private readonly review: MatchRequestReviewService,
    private readonly audit: AuditService,
    private readonly officers: OfficerNotifier,
    private readonly homeCity: HomeCityService,
    private readonly config: ConfigService<Environment, true>,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  async request(requesterId: string, body: CreateMatchRequestDto): Promise<MatchRequest> {
    return this.create(requesterId, body, { origin: MatchRequestOrigin.Company, proposedBy: null });
  }

  /** An officer's proposal is made and approved by that officer in one step, in one transaction. */
  async propose(officer: Officer, requesterId: string, body: CreateMatchRequestDto, note: string | undefined): Promise<MatchRequest> {
    return this.create(requesterId, body, { origin: MatchRequestOrigin.Officer, proposedBy: officer.userId }, { officer, note });
  }

  async listForCompany(companyId: string): Promise<CompanyMatchRequest[]> {
    const requests = await this.dataSource.getRepository(MatchRequest).find({
      where: [
        { requesterCompanyId: companyId },
        // A partner sees a request only from the introduction on.
        { targetCompanyId: companyId, status: In([MatchRequestStatus.Introduced, MatchRequestStatus.Accepted, MatchRequestStatus.Declined, MatchRequestStatus.Expired, MatchRequestStatus.Connected]) },
      ],
      relations: { requester: { city: true }, target: { city: true } },
      order: { createdAt: 'DESC' },
    });
    const undelivered = await this.undeliveredIntroductions(requests.map((request) => request.id));
    return requests.map((request) => Object.assign(request, { introductionUndeliveredAt: undelivered.get(request.id) ?? null }));
  }

  // An introduction the server refused for the partner (or could not hand over) stays failed until an officer sends it again.
  private async undeliveredIntroductions(requestIds: string[]): Promise<Map<string, Date>> {
    if (requestIds.length === 0) return new Map();
    const rows: Array<{ request_id: string; failed_at: Date }> = await this.dataSource.query(
      `SELECT payload->>'matchRequestId' AS request_id, max(coalesce(failed_at, updated_at)) AS failed_at FROM outbox_messages
        WHERE template = 'match_introduction' AND status = 'failed' AND payload->>'matchRequestId' = ANY($1::text[])
        GROUP BY 1`,
      [requestIds],
    );
    return new Map(rows.map((row) => [row.request_id, row.failed_at]));
  }

  async withdraw(companyId: string, requestId: string): Promise<MatchRequest> {
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.getRepository(MatchRequest).findOneBy({ id: requestId, requesterCompanyId: companyId });
      if (!request) throw new NotFoundException({ statusCode: 404, message: 'You have no request with this id.' });
      return this.transitions.apply(manager, request, 'withdraw');
    });
  }

  private async create(requesterId: string, body: CreateMatchRequestDto, origin: Pick<MatchRequest, 'origin' | 'proposedBy'>, proposal?: { officer: Officer; note?: string }): Promise<MatchRequest> {
    // Read before the transaction: inside it, these queries would need a second connection while holding the lock.
    const scored = await this.matching.scorePair(requesterId, body.targetCompanyId).catch((error: unknown) => {
      if (error instanceof NotFoundException) throw new UnprocessableEntityException(fieldError('requesterCompanyId', 'No company has this id.'));
      throw error;
    });
    const scope = await this.homeCity.officerScope();
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Locking the requester serialises its requests, so the cap holds under concurrency.
        const requester = await manager.getRepository(Company).findOne({ where: { id: requesterId }, lock: { mode: 'pessimistic_write' } });
        if (!requester) throw new UnprocessableEntityException(fieldError('requesterCompanyId', 'No company has this id.'));
        // An officer proposes only for a company their office acts for; a refusal leaves nothing behind.
        if (proposal) scope.requireActingFor(proposal.officer, requester.cityId);
        if (requester.status !== CompanyStatus.Active) throw new UnprocessableEntityException(fieldError('requesterCompanyId', `The requesting profile must be active; it is ${requester.status.replace('_', ' ')}.`));
        const target = await this.activeTarget(manager, body.targetCompanyId);
        requireIntroducible(requester, 'requesterCompanyId');
        requireIntroducible(target, 'targetCompanyId');
        if (target.cityId === requester.cityId) throw new UnprocessableEntityException(fieldError('targetCompanyId', 'The partner must be in another member city.'));
        await this.crossBorder.requirePair(manager, requesterId, target.id);
        await this.refuseBlockedPair(manager, requesterId, target.id);
        if (origin.origin === MatchRequestOrigin.Company) await this.refuseOverCap(manager, requesterId);
        const repository = manager.getRepository(MatchRequest);
        const request = await repository.save(
          repository.create({ ...origin, requesterCompanyId: requesterId, targetCompanyId: target.id, purpose: body.purpose, message: body.message, score: scored?.score ?? 0, reasons: scored?.signals ?? [] }),
        );
        if (origin.origin === MatchRequestOrigin.Company) await this.notifyReviewers(manager, request, scope.homeCityId);
        await this.audit.record(manager, { action: 'match_request.created', subjectType: 'match_request', subjectId: request.id, after: { status: request.status, origin: request.origin, requesterCompanyId: requesterId, targetCompanyId: target.id, purpose: body.purpose } });
        if (proposal) return this.review.approveIn(manager, proposal.officer, request.id, { note: proposal.note }, scope);
        return request;
      });
    } catch (error) {
      // Two requests for one pair racing past the check meet the unique index instead.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new ConflictException({ statusCode: 409, message: 'An open request for this pair of companies exists already.' });
      throw error;
    }
  }

  private async notifyReviewers(manager: EntityManager, request: MatchRequest, homeCityId: string): Promise<void> {
    await this.officers.notifyNow(manager, homeCityId, 'officer_match_request_waiting', {
      matchRequestId: request.id,
      link: new URL(`/officer/match-requests#request-${request.id}`, this.config.get('PUBLIC_URL', { infer: true })).toString(),
    });
  }

  private async activeTarget(manager: EntityManager, targetId: string): Promise<Company> {
    const target = await manager
      .getRepository(Company)
      .createQueryBuilder('company')
      .innerJoinAndSelect('company.city', 'city')
      .where('company.id = :targetId AND company.status = :active AND company.expiresAt > now()', { targetId, active: CompanyStatus.Active })
      .getOne();
    if (!target) throw new UnprocessableEntityException(fieldError('targetCompanyId', 'No active profile has this id.'));
    return target;
  }

  private async refuseBlockedPair(manager: EntityManager, requesterId: string, targetId: string): Promise<void> {
    const existing = await manager
      .getRepository(MatchRequest)
      .createQueryBuilder('request')
      .where('((request.requesterCompanyId = :a AND request.targetCompanyId = :b) OR (request.requesterCompanyId = :b AND request.targetCompanyId = :a))', { a: requesterId, b: targetId })
      .andWhere('request.status IN (:...blocking)', { blocking: PAIR_BLOCKING_STATUSES })
      .orderBy('request.createdAt', 'DESC')
      .getOne();
    if (!existing) return;
    const why =
      existing.status === MatchRequestStatus.Declined
        ? 'This partner has declined an introduction to you already.'
        : existing.status === MatchRequestStatus.Connected
          ? 'You are connected with this partner already.'
          : 'An open request for this pair of companies exists already.';
    throw new ConflictException({ statusCode: 409, message: why, existingRequest: { id: existing.id, status: existing.status } });
  }

  private async refuseOverCap(manager: EntityManager, requesterId: string): Promise<void> {
    const limit = this.config.get('MATCH_REQUEST_OPEN_LIMIT', { infer: true });
    const open = await manager.getRepository(MatchRequest).countBy({ requesterCompanyId: requesterId, origin: MatchRequestOrigin.Company, status: In(OPEN_MATCH_REQUEST_STATUSES) });
    if (open >= limit) {
      throw new ConflictException({ statusCode: 409, message: `You have ${open} open requests, the most allowed at a time. Wait for answers or withdraw one.`, openRequests: open, limit });
    }
  }
}

function fieldError(field: string, message: string) {
  return { statusCode: 422, error: 'Unprocessable Entity', message, errors: [{ field, message }] };
}
