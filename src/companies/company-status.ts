export enum CompanyStatus {
  Unverified = 'unverified',
  PendingReview = 'pending_review',
  Active = 'active',
  Rejected = 'rejected',
  Paused = 'paused',
  Expired = 'expired',
  Erased = 'erased',
}

export type CompanyTransition = 'verify_email' | 'approve' | 'reject' | 'pause' | 'resume' | 'renew' | 'expire' | 'erase';

/** The one table of allowed status changes of a company profile; every change goes through it. */
const TRANSITIONS: Record<CompanyTransition, { from: CompanyStatus[]; to: CompanyStatus }> = {
  verify_email: { from: [CompanyStatus.Unverified], to: CompanyStatus.PendingReview },
  approve: { from: [CompanyStatus.PendingReview], to: CompanyStatus.Active },
  reject: { from: [CompanyStatus.PendingReview], to: CompanyStatus.Rejected },
  pause: { from: [CompanyStatus.Active], to: CompanyStatus.Paused },
  resume: { from: [CompanyStatus.Paused], to: CompanyStatus.Active },
  renew: { from: [CompanyStatus.Active, CompanyStatus.Paused, CompanyStatus.Expired], to: CompanyStatus.Active },
  expire: { from: [CompanyStatus.Active, CompanyStatus.Paused], to: CompanyStatus.Expired },
  erase: {
    from: [CompanyStatus.Unverified, CompanyStatus.PendingReview, CompanyStatus.Active, CompanyStatus.Rejected, CompanyStatus.Paused, CompanyStatus.Expired],
    to: CompanyStatus.Erased,
  },
};

export class CompanyTransitionError extends Error {
  constructor(
    readonly transition: CompanyTransition,
    readonly from: CompanyStatus,
  ) {
    super(`A profile that is ${from.replace('_', ' ')} cannot ${transition.replace('_', ' ')}.`);
  }
}

/** The status after the transition, or an error naming why it is not allowed now. */
export function nextCompanyStatus(current: CompanyStatus, transition: CompanyTransition): CompanyStatus {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(current)) throw new CompanyTransitionError(transition, current);
  return rule.to;
}
