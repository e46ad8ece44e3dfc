import { allowedTransitions, MatchRequestStatus as S, MatchRequestTransition, MatchRequestTransitionError, nextMatchRequestStatus } from './match-request-status';

const ALLOWED: Array<[S, MatchRequestTransition, S]> = [
  [S.PendingReview, 'approve', S.Approved],
  [S.PendingReview, 'refer_to_partner_office', S.PendingPartnerOffice],
  [S.PendingReview, 'reject', S.Rejected],
  [S.PendingReview, 'withdraw', S.Withdrawn],
  [S.PendingPartnerOffice, 'partner_office_approve', S.Approved],
  [S.PendingPartnerOffice, 'reject', S.Rejected],
  [S.PendingPartnerOffice, 'withdraw', S.Withdrawn],
  [S.Approved, 'introduce', S.Introduced],
  [S.Introduced, 'accept', S.Accepted],
  [S.Introduced, 'decline', S.Declined],
  [S.Introduced, 'expire', S.Expired],
  [S.Accepted, 'connect', S.Connected],
  ...[S.PendingReview, S.PendingPartnerOffice, S.Approved, S.Introduced, S.Accepted].map((from): [S, MatchRequestTransition, S] => [from, 'close', S.Withdrawn]),
];

const TRANSITIONS: MatchRequestTransition[] = ['approve', 'refer_to_partner_office', 'partner_office_approve', 'reject', 'withdraw', 'close', 'introduce', 'accept', 'decline', 'expire', 'connect'];

describe('match request state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, transition, to) => {
    expect(nextMatchRequestStatus(from, transition)).toBe(to);
  });

  it('refuses every other transition from every status, naming the current status', () => {
    for (const from of Object.values(S)) {
      for (const transition of TRANSITIONS) {
        if (ALLOWED.some(([allowedFrom, allowed]) => allowedFrom === from && allowed === transition)) continue;
        expect(() => nextMatchRequestStatus(from, transition)).toThrow(MatchRequestTransitionError);
      }
    }
    expect(() => nextMatchRequestStatus(S.Approved, 'withdraw')).toThrow('A request that is approved cannot withdraw.');
  });

  it('has no way out of a final status', () => {
    for (const final of [S.Rejected, S.Withdrawn, S.Declined, S.Expired, S.Connected]) expect(allowedTransitions(final)).toEqual([]);
  });
});
