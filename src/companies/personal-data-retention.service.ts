import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { MailTransport } from '../mail/mail-transport.service';

const DAY_MS = 24 * 3_600_000;
const BATCH = 500;
// Stands in for the words of an ended request once its retention period is over (the request stays countable).
const BLANKED = '—';

export interface RetentionReport {
  blankedRequests: number;
  purgedEmails: number;
  purgedSessions: number;
  purgedEmailChanges: number;
}

/**
 * The retention schedule, run by the hourly maintenance job: what is no longer needed goes after its period
 * (RETENTION_* variables), in small batches that several workers can share.
 */
@Injectable()
export class PersonalDataRetention {
  private readonly logger = new Logger(PersonalDataRetention.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const report = {
      blankedRequests: await this.blankEndedRequests(now),
      purgedEmails: await this.purgeEmails(now),
      purgedSessions: await this.purgeSessions(now),
      purgedEmailChanges: await this.purgeEmailChanges(now),
    };
    if (report.blankedRequests + report.purgedEmails + report.purgedSessions + report.purgedEmailChanges > 0) this.logger.log(report, 'Retention periods applied');
    return report;
  }

  /**
   * Ended requests keep their ids, status and dates for the statistics; the companies' and officers' words go, and so
   * does the contact person a partner named for a connected introduction.
   */
  private blankEndedRequests(now: Date): Promise<number> {
    return this.inBatches(
      `WITH due AS (
         SELECT id FROM match_requests
          WHERE closed_at < $1
            AND (message <> '${BLANKED}' OR decline_reason IS NOT NULL OR officer_note IS NOT NULL OR rejection_reason <> '${BLANKED}' OR partner_contact_name IS NOT NULL OR partner_contact_phone IS NOT NULL)
          LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       UPDATE match_requests r
          SET message = '${BLANKED}', decline_reason = NULL, officer_note = NULL,
              partner_contact_name = NULL, partner_contact_role = NULL, partner_contact_email = NULL, partner_contact_phone = NULL,
              rejection_reason = CASE WHEN r.status = 'rejected' THEN '${BLANKED}' ELSE NULL END
         FROM due WHERE r.id = due.id RETURNING r.id`,
      [this.cutoff(now, 'RETENTION_ENDED_REQUEST_DAYS')],
    );
  }

  /** Emails that are done with go, and their .eml copies; one still to be sent or being sent stays. */
  private async purgeEmails(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const [rows]: [Array<{ id: string }>, number] = await this.dataSource.query(
        `DELETE FROM outbox_messages WHERE id IN (
           SELECT id FROM outbox_messages WHERE status IN ('sent', 'failed', 'unconfirmed', 'cancelled') AND created_at < $1 LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [this.cutoff(now, 'RETENTION_EMAIL_DAYS')],
      );
      await this.transport.removeEml(rows.map((row) => row.id));
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }

  /** Sessions that ended long enough ago go, with the IP address and browser they recorded. */
  private purgeSessions(now: Date): Promise<number> {
    return this.inBatches(
      `DELETE FROM sessions WHERE id IN (
         SELECT id FROM sessions WHERE coalesce(revoked_at, expires_at) < $1 AND expires_at < $2 LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [this.cutoff(now, 'RETENTION_SESSION_DAYS'), now],
    );
  }

  /** Requests to move a login address, once confirmed, cancelled or lapsed, go with the emails that carried them. */
  private purgeEmailChanges(now: Date): Promise<number> {
    return this.inBatches(
      `DELETE FROM company_email_changes WHERE id IN (
         SELECT id FROM company_email_changes WHERE coalesce(confirmed_at, cancelled_at, expires_at) < $1 LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [this.cutoff(now, 'RETENTION_EMAIL_DAYS')],
    );
  }

  private cutoff(now: Date, variable: 'RETENTION_ENDED_REQUEST_DAYS' | 'RETENTION_EMAIL_DAYS' | 'RETENTION_SESSION_DAYS'): Date {
    return new Date(now.getTime() - this.config.get(variable, { infer: true }) * DAY_MS);
  }

  private async inBatches(sql: string, parameters: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [rows]: [unknown[], number] = await this.dataSource.query(sql, parameters);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
