import { ConflictException, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { MatchRequestStatus, MatchRequestTransition, MatchRequestTransitionError, nextMatchRequestStatus } from './match-request-status';
import { MatchRequest } from './match-request.entity';
import { ResponseLinks } from './response-links.service';

/** Ends in which the partner's answer links stop working; after an answer they keep showing it until the deadline, but are never sent again. */
const LINKS_END = [MatchRequestStatus.Rejected, MatchRequestStatus.Withdrawn, MatchRequestStatus.Expired];
const LINKS_ANSWERED = [MatchRequestStatus.Accepted, MatchRequestStatus.Declined];
const FINAL_STATUSES = [MatchRequestStatus.Rejected, MatchRequestStatus.Withdrawn, MatchRequestStatus.Declined, MatchRequestStatus.Expired, MatchRequestStatus.Connected];

const AUDIT_ACTION: Record<MatchRequestTransition, string> = {
  approve: 'match_request.approved',
  refer_to_partner_office: 'match_request.referred_to_partner_office',
  partner_office_approve: 'match_request.partner_office_approved',
  reject: 'match_request.rejected',
  withdraw: 'match_request.withdrawn',
  close: 'match_request.closed',
  introduce: 'match_request.introduced',
  accept: 'match_request.accepted',
  decline: 'match_request.declined',
  expire: 'match_request.expired',
  connect: 'match_request.connected',
};

export function conflict(message: string, status: MatchRequestStatus): ConflictException {
  return new ConflictException({ statusCode: 409, message, status });
}

/** The one place where a match request changes status: checked against the state machine, applied only if nobody changed it meanwhile, audited. */
@Injectable()
export class MatchRequestTransitions {
  constructor(
    private readonly audit: AuditService,
    private readonly responseLinks: ResponseLinks,
  ) {}

  /**
   * Applies a transition inside the caller's transaction. The update is conditional on the version that was read,
   * so of two decisions made at once exactly one wins; the other gets a 409 with the status it lost to.
   */
  async apply(manager: EntityManager, request: MatchRequest, transition: MatchRequestTransition, changes: Partial<MatchRequest> = {}, expectedVersion?: number): Promise<MatchRequest> {
    const to = this.next(request, transition);
    if (expectedVersion !== undefined && expectedVersion !== request.version) {
      throw conflict(`The request changed since you loaded it (version ${request.version}); it is ${request.status.replaceAll('_', ' ')}.`, request.status);
    }
    const closedAt = FINAL_STATUSES.includes(to) ? new Date() : request.closedAt;
    const result = await manager
      .createQueryBuilder()
      .update(MatchRequest)
      .set({ ...changes, status: to, closedAt, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: request.id, version: request.version })
      .execute();
    if (!result.affected) {
      const current = await manager.getRepository(MatchRequest).findOneByOrFail({ id: request.id });
      throw conflict(`Someone else acted on this request first; it is ${current.status.replaceAll('_', ' ')} now.`, current.status);
    }
    if (LINKS_END.includes(to)) await this.responseLinks.revoke(manager, request.id);
    if (LINKS_ANSWERED.includes(to)) await this.responseLinks.unseal(manager, request.id);
    await this.audit.record(manager, {
      action: AUDIT_ACTION[transition],
      subjectType: 'match_request',
      subjectId: request.id,
      before: { status: request.status },
      after: { status: to, ...auditedChanges(changes) },
    });
    return Object.assign(request, changes, { status: to, closedAt, version: request.version + 1 });
  }

  private next(request: MatchRequest, transition: MatchRequestTransition): MatchRequestStatus {
    try {
      return nextMatchRequestStatus(request.status, transition);
    } catch (error) {
      if (error instanceof MatchRequestTransitionError) throw conflict(error.message, request.status);
      throw error;
    }
  }
}

// The companies' own words (message, decline reason) stay out of the audit trail; the officers' decisions are in it.
function auditedChanges(changes: Partial<MatchRequest>): Record<string, unknown> {
  const { homeDecidedBy, partnerOfficeDecidedBy, respondBy, rejectionReason, closingReason } = changes;
  return Object.fromEntries(Object.entries({ homeDecidedBy, partnerOfficeDecidedBy, respondBy, rejectionReason, closingReason }).filter(([, value]) => value !== undefined));
}
