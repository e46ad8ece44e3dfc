import { RecipientRole, RecipientState } from './outbox-recipient.entity';

export interface RecipientOutcome {
  address: string;
  role: RecipientRole;
  state: RecipientState;
  smtpResponse: string | null;
}

export type MessageVerdict = { status: 'sent' } | { status: 'failed'; reason: string } | { status: 'retry'; reason: string };

const listed = (recipients: RecipientOutcome[]) => recipients.map((recipient) => `${recipient.address}: ${recipient.smtpResponse ?? 'no answer'}`).join('; ');

/**
 * What a message's recipients mean for the message after a try. It is delivered once every To has taken it;
 * a refused To fails it for the officer; a deferred recipient (To or Cc) is tried again while tries are left.
 * A Cc that is refused, or still deferred when the tries are over, is shown but does not fail the message.
 */
export function verdictOf(recipients: RecipientOutcome[], lastAttempt: boolean): MessageVerdict {
  const to = recipients.filter((recipient) => recipient.role === RecipientRole.To);
  const refusedTo = to.filter((recipient) => recipient.state === RecipientState.Refused);
  if (refusedTo.length > 0) return { status: 'failed', reason: `The server refused the recipient ${listed(refusedTo)}` };
  const open = recipients.filter((recipient) => recipient.state === RecipientState.Deferred || recipient.state === RecipientState.Pending);
  if (open.length > 0 && !lastAttempt) return { status: 'retry', reason: `Deferred by the server, tried again later: ${listed(open)}` };
  const openTo = open.filter((recipient) => recipient.role === RecipientRole.To);
  if (openTo.length > 0) return { status: 'failed', reason: `Still deferred by the server after the last try: ${listed(openTo)}` };
  return { status: 'sent' };
}
