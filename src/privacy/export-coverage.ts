/**
 * Every place the platform keeps rows about a company, and the section of the export that holds them.
 * The export test reads the database's foreign keys to `companies` (and the columns below that name a
 * company without one) and fails for any that is missing here: a new table about companies is exported,
 * or the test says so.
 *
 * `rows` is the SQL condition that selects the rows about the company: `$1` is its id (text), `$2` its
 * contact email. `key` is the column whose value identifies each row in the export section.
 */
export interface ExportCoverage {
  table: string;
  column: string;
  rows: string;
  key: string;
  section: ExportSection;
}

export type ExportSection =
  | 'profile'
  | 'consents'
  | 'matchRequests'
  | 'contactsReceived'
  | 'emails'
  | 'sessions'
  | 'signInLinks'
  | 'suggestionAlerts'
  | 'auditEntries'
  | 'source'
  | 'emailChanges';

export const EXPORT_COVERAGE: ExportCoverage[] = [
  { table: 'companies', column: 'id', rows: `id::text = $1`, key: 'id', section: 'profile' },
  { table: 'companies', column: 'contact_email', rows: `contact_email = $2`, key: 'id', section: 'profile' },
  { table: 'company_consents', column: 'company_id', rows: `company_id::text = $1`, key: 'id', section: 'consents' },
  { table: 'match_requests', column: 'requester_company_id', rows: `requester_company_id::text = $1`, key: 'id', section: 'matchRequests' },
  { table: 'match_requests', column: 'target_company_id', rows: `target_company_id::text = $1`, key: 'id', section: 'matchRequests' },
  { table: 'company_email_changes', column: 'company_id', rows: `company_id::text = $1`, key: 'id', section: 'emailChanges' },
  { table: 'sessions', column: 'company_id', rows: `company_id::text = $1`, key: 'id', section: 'sessions' },
  { table: 'suggestion_alerts', column: 'company_id', rows: `company_id::text = $1`, key: 'company_id', section: 'suggestionAlerts' },
  // Columns that name a company without a foreign key (they may also name other things).
  { table: 'auth_tokens', column: 'subject_id', rows: `subject_id::text = $1`, key: 'id', section: 'signInLinks' },
  { table: 'audit_entries', column: 'subject_id', rows: `subject_type = 'company' AND subject_id = $1`, key: 'id', section: 'auditEntries' },
  { table: 'audit_entries', column: 'actor_id', rows: `actor_type = 'company' AND actor_id::text = $1`, key: 'id', section: 'auditEntries' },
  {
    table: 'audit_entries',
    column: 'subject_id',
    // A partner's timeline starts to be its own once the request was introduced to it.
    rows: `subject_type = 'match_request' AND subject_id IN (SELECT id::text FROM match_requests WHERE requester_company_id::text = $1 OR (target_company_id::text = $1 AND introduced_at IS NOT NULL))`,
    key: 'id',
    section: 'matchRequests',
  },
  { table: 'outbox_messages', column: 'recipient', rows: `recipient = $2`, key: 'id', section: 'emails' },
  { table: 'outbox_messages', column: 'cc', rows: `$2 = ANY (cc)`, key: 'id', section: 'emails' },
  { table: 'outbox_recipients', column: 'address', rows: `address = $2`, key: 'id', section: 'emails' },
  { table: 'outbox_messages', column: 'accepted_recipients', rows: `$2 = ANY (accepted_recipients)`, key: 'id', section: 'emails' },
  { table: 'company_imports', column: 'results', rows: `results @> jsonb_build_array(jsonb_build_object('companyId', $1::text))`, key: 'id', section: 'source' },
];

/**
 * Columns where the company's id or email appears in rows about something else, and why the export leaves those
 * rows out. The export test searches every column of every table for the company's id and email and fails on any
 * not named here or in EXPORT_COVERAGE.
 */
export const COMPANY_MENTIONS_NOT_EXPORTED: Record<string, string> = {
  // A request's audit entries name both companies; they are in the timeline of each side's request once it reached that side.
  'audit_entries.after': 'entries about requests, in the timelines of the requests the company sent or was introduced to',
  'audit_entries.before': 'entries about requests, in the timelines of the requests the company sent or was introduced to',
  // Emails to officers and partners that name the company were not sent to it; their subject and state are the recipient's.
  'outbox_messages.payload': 'emails to others that name the company; its own emails are listed by subject, without payload',
};

/** Columns that hold a company's id or contact email without a foreign key; the export test checks these too. */
export const COMPANY_COLUMNS_WITHOUT_FOREIGN_KEY = [
  'auth_tokens.subject_id',
  'audit_entries.subject_id',
  'audit_entries.actor_id',
  'outbox_messages.recipient',
  'outbox_messages.cc',
  'company_imports.results',
];
