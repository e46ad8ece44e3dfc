import { StateMachine, TransitionTable } from '../common/state-machine';

export enum MatchRequestStatus {
  PendingReview = 'pending_review',
  PendingPartnerOffice = 'pending_partner_office',
  Approved = 'approved',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
  Introduced = 'introduced',
  Accepted = 'accepted',
  Declined = 'declined',
  Expired = 'expired',
  Connected = 'connected',
}

/** Statuses in which a pair of companies may not start another request (the unique index says the same). */
export const OPEN_MATCH_REQUEST_STATUSES = [
  MatchRequestStatus.PendingReview,
  MatchRequestStatus.PendingPartnerOffice,
  MatchRequestStatus.Approved,
  MatchRequestStatus.Introduced,
  MatchRequestStatus.Accepted,
];

/** Why a request was ended from outside, whatever state it was in. */
export enum ClosingReason {
  /** One of the two companies was erased (GDPR Art. 17). */
  CompanyErased = 'company_erased',
  /** The German company withdrew its consent to the transfer to China, or the Chinese company's basis lapsed. */
  TransferConsentWithdrawn = 'transfer_consent_withdrawn',
}

export type MatchRequestTransition =
  | 'approve'
  | 'refer_to_partner_office'
  | 'partner_office_approve'
  | 'reject'
  | 'withdraw'
  | 'close'
  | 'introduce'
  | 'accept'
  | 'decline'
  | 'expire'
  | 'connect';

/** The one table of allowed status changes of a match request; every change goes through it. */
const TRANSITIONS: TransitionTable<MatchRequestStatus, MatchRequestTransition> = {
  approve: { from: [MatchRequestStatus.PendingReview], to: MatchRequestStatus.Approved },
  refer_to_partner_office: { from: [MatchRequestStatus.PendingReview], to: MatchRequestStatus.PendingPartnerOffice },
  partner_office_approve: { from: [MatchRequestStatus.PendingPartnerOffice], to: MatchRequestStatus.Approved },
  reject: { from: [MatchRequestStatus.PendingReview, MatchRequestStatus.PendingPartnerOffice], to: MatchRequestStatus.Rejected },
  withdraw: { from: [MatchRequestStatus.PendingReview, MatchRequestStatus.PendingPartnerOffice], to: MatchRequestStatus.Withdrawn },
  // Ending a request that can no longer go on (an erasure, a withdrawn consent), whatever step it had reached.
  close: { from: [...OPEN_MATCH_REQUEST_STATUSES], to: MatchRequestStatus.Withdrawn },
  introduce: { from: [MatchRequestStatus.Approved], to: MatchRequestStatus.Introduced },
  accept: { from: [MatchRequestStatus.Introduced], to: MatchRequestStatus.Accepted },
  decline: { from: [MatchRequestStatus.Introduced], to: MatchRequestStatus.Declined },
  expire: { from: [MatchRequestStatus.Introduced], to: MatchRequestStatus.Expired },
  connect: { from: [MatchRequestStatus.Accepted], to: MatchRequestStatus.Connected },
};

const MATCH_REQUEST_MACHINE = new StateMachine('request', TRANSITIONS);

export { TransitionError as MatchRequestTransitionError } from '../common/state-machine';

export function nextMatchRequestStatus(current: MatchRequestStatus, transition: MatchRequestTransition): MatchRequestStatus {
  return MATCH_REQUEST_MACHINE.next(current, transition);
}

/** Every transition allowed from a status. */
export function allowedTransitions(current: MatchRequestStatus): MatchRequestTransition[] {
  return MATCH_REQUEST_MACHINE.allowedFrom(current);
}
