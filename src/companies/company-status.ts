import { StateMachine, TransitionTable } from '../common/state-machine';

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
const TRANSITIONS: TransitionTable<CompanyStatus, CompanyTransition> = {
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

const COMPANY_STATUS_MACHINE = new StateMachine('profile', TRANSITIONS);

export { TransitionError as CompanyTransitionError } from '../common/state-machine';

export function nextCompanyStatus(current: CompanyStatus, transition: CompanyTransition): CompanyStatus {
  return COMPANY_STATUS_MACHINE.next(current, transition);
}
