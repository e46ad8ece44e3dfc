import { RecipientRole, RecipientState } from './outbox-recipient.entity';
import { RecipientOutcome, verdictOf } from './recipient-verdict';

const to = (state: RecipientState, smtpResponse: string | null = null): RecipientOutcome => ({ address: 'partner@example.cn', role: RecipientRole.To, state, smtpResponse });
const cc = (state: RecipientState, smtpResponse: string | null = null): RecipientOutcome => ({ address: 'office@example.cn', role: RecipientRole.Cc, state, smtpResponse });

describe('verdictOf', () => {
  it('is sent when every recipient took the message', () => {
    expect(verdictOf([to(RecipientState.Accepted), cc(RecipientState.Accepted)], false)).toEqual({ status: 'sent' });
  });

  it('fails with the server answer when the To was refused, whatever the Cc did', () => {
    const verdict = verdictOf([to(RecipientState.Refused, '550 5.1.1 no such user'), cc(RecipientState.Accepted)], false);
    expect(verdict).toEqual({ status: 'failed', reason: expect.stringContaining('partner@example.cn: 550 5.1.1 no such user') });
  });

  it('is sent when only the Cc was refused', () => {
    expect(verdictOf([to(RecipientState.Accepted), cc(RecipientState.Refused, '550 nope')], false)).toEqual({ status: 'sent' });
  });

  it('tries again while a recipient is deferred and tries are left', () => {
    expect(verdictOf([to(RecipientState.Deferred, '451 greylisted'), cc(RecipientState.Accepted)], false).status).toBe('retry');
    expect(verdictOf([to(RecipientState.Accepted), cc(RecipientState.Deferred, '451 later')], false).status).toBe('retry');
  });

  it('fails a To still deferred after the last try, but not a Cc', () => {
    expect(verdictOf([to(RecipientState.Deferred, '451 greylisted'), cc(RecipientState.Accepted)], true).status).toBe('failed');
    expect(verdictOf([to(RecipientState.Accepted), cc(RecipientState.Deferred, '451 later')], true)).toEqual({ status: 'sent' });
  });
});
