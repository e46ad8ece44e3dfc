/** Every BullMQ queue and job of the platform, with its payload. */
export const COMPANY_IMPORT_QUEUE = 'company-imports';
export const MAINTENANCE_QUEUE = 'maintenance';
export const MAIL_QUEUE = 'mail';
export const SUGGESTION_ALERTS_QUEUE = 'suggestion-alerts';
export const MATCH_REQUEST_DEADLINES_QUEUE = 'match-request-deadlines';
export const SIGN_IN_LINK_QUEUE = 'sign-in-links';

export interface CompanyImportJob {
  importId: string;
}

/** Sends one outbox message; the job id is the outbox id, so a message is never queued twice. */
export const SEND_MAIL_JOB = 'send';
export interface SendMailJob {
  outboxId: string;
}

/**
 * A company's request for a sign-in link. The API only queues it, the same way for every address; the worker looks
 * the address up, applies the per-address limits and writes the email.
 */
export const SIGN_IN_LINK_JOB = 'sign-in-link';
export interface SignInLinkJob {
  email: string;
}

export const COMPANY_MAINTENANCE_JOB = 'company-maintenance';
export const COMPANY_MAINTENANCE_EVERY_MS = 60 * 60_000;

/** Looks for weekly suggestion digests that are due. */
export const SUGGESTION_DIGEST_JOB = 'suggestion-digest';
export const SUGGESTION_DIGEST_EVERY_MS = 60 * 60_000;

/** Reminds partners who have not answered an introduction, and expires those past their deadline. */
export const INTRODUCTION_DEADLINES_JOB = 'introduction-deadlines';
export const INTRODUCTION_DEADLINES_EVERY_MS = 15 * 60_000;

/** Sends the daily summary to officers who chose it (each once a day). */
export const OFFICER_DIGEST_JOB = 'officer-digest';
export const OFFICER_DIGEST_EVERY_MS = 60 * 60_000;

/** Defaults for every job: retried with exponential backoff, failures kept for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: false,
} as const;
