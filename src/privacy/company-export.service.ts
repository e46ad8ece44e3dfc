import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CompanyStatus } from '../companies/company-status';
import { Company } from '../companies/company.entity';
import {
  CompanyExportResponse,
  ExportedAuditEntry,
  ExportedContact,
  ExportedDelivery,
  ExportedEmail,
  ExportedMatchRequest,
  ExportedProfile,
  ExportedSession,
  ExportedSignInLink,
  ExportedTimelineEntry,
} from './dto/company-export.response';

export const EXPORT_FORMAT = 'isa-match-export/1';

type Row = Record<string, unknown>;

/**
 * The company's data export (GDPR Art. 15 and 20): every section of `EXPORT_COVERAGE`, read in one
 * repeatable-read transaction so the document is one consistent picture. Links, token hashes and
 * email payloads never leave; a partner learns of a request about it only once it was introduced.
 */
@Injectable()
export class CompanyExportService {
  constructor(private readonly dataSource: DataSource) {}

  async export(companyId: string): Promise<CompanyExportResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const company = await manager.getRepository(Company).findOne({ where: { id: companyId }, relations: { city: true } });
      if (!company || company.status === CompanyStatus.Erased) throw new NotFoundException({ statusCode: 404, message: 'No such company.' });
      const query = (sql: string, parameters: unknown[] = [companyId]) => manager.query(sql, parameters) as Promise<Row[]>;
      const [consents, requests, timeline, sessions, links, alerts, audit, emails, imports, emailChanges] = await Promise.all([
        query(`SELECT id, kind, version, given_at, withdrawn_at FROM company_consents WHERE company_id = $1 ORDER BY given_at, id`),
        query(
          `SELECT r.*, CASE WHEN r.requester_company_id = $1 THEN 'requester' ELSE 'partner' END AS role,
                  p.id AS partner_id, p.legal_name AS partner_name, p.anonymous AS partner_anonymous, p.status AS partner_status, pc.slug AS partner_city,
                  p.contact_name AS other_contact_name, p.contact_role AS other_contact_role, p.contact_email AS other_contact_email, p.contact_phone AS other_contact_phone
             FROM match_requests r
             JOIN companies p ON p.id = CASE WHEN r.requester_company_id = $1 THEN r.target_company_id ELSE r.requester_company_id END
             JOIN cities pc ON pc.id = p.city_id
            WHERE r.requester_company_id = $1 OR r.target_company_id = $1
            ORDER BY r.created_at, r.id`,
        ),
        query(
          `SELECT a.id::text, a.occurred_at, a.action, a.actor_type, a.subject_id, a.after->>'status' AS status
             FROM audit_entries a
            WHERE a.subject_type = 'match_request'
              AND a.subject_id IN (SELECT id::text FROM match_requests WHERE requester_company_id = $1 OR target_company_id = $1)
            ORDER BY a.id`,
        ),
        query(`SELECT id, created_at, last_seen_at, expires_at, revoked_at, ip_address, user_agent FROM sessions WHERE company_id = $1 ORDER BY created_at, id`),
        query(`SELECT id, purpose, created_at, expires_at, used_at FROM auth_tokens WHERE subject_id = $1 ORDER BY created_at, id`),
        query(`SELECT company_id, enabled, last_digest_at FROM suggestion_alerts WHERE company_id = $1`),
        query(
          `SELECT id::text, occurred_at, action, actor_type, actor_role, before, after FROM audit_entries
            WHERE (subject_type = 'company' AND subject_id = $1) OR (actor_type = 'company' AND actor_id::text = $1)
            ORDER BY id`,
        ),
        company.contactEmail
          ? query(
              `SELECT m.id, m.template, m.subject, m.language, m.recipient, m.status, m.created_at, m.sent_at, m.failed_at,
                      coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'address', r.address, 'role', r.role, 'state', r.state, 'acceptedAt', r.accepted_at) ORDER BY r.created_at)
                                  FROM outbox_recipients r WHERE r.outbox_id = m.id AND r.address = $1), '[]') AS deliveries
                 FROM outbox_messages m
                WHERE m.recipient = $1 OR $1 = ANY (m.cc) OR m.id IN (SELECT outbox_id FROM outbox_recipients WHERE address = $1)
                ORDER BY m.created_at, m.id`,
              [company.contactEmail],
            )
          : Promise.resolve([]),
        query(
          `SELECT i.id, i.file_name, i.created_at, c.slug AS importing_city, (r.value->>'row')::int AS row
             FROM company_imports i
             JOIN users u ON u.id = i.created_by
             LEFT JOIN cities c ON c.id = u.city_id
             CROSS JOIN LATERAL jsonb_array_elements(i.results) r
            WHERE i.results @> jsonb_build_array(jsonb_build_object('companyId', $1::text)) AND r.value->>'companyId' = $1::text`,
        ),
        query(`SELECT id, new_email, created_at, expires_at, confirmed_at, cancelled_at FROM company_email_changes WHERE company_id = $1 ORDER BY created_at, id`),
      ]);
      const matchRequests = requests.map((row) => toRequest(row, timeline.filter((entry) => entry.subject_id === row.id)));
      return {
        format: EXPORT_FORMAT,
        exportedAt: new Date(),
        profile: profileOf(company),
        consents: consents.map((row) => ({ id: row.id as string, kind: row.kind as string, version: row.version as string, givenAt: row.given_at as Date, withdrawnAt: row.withdrawn_at as Date | null })),
        matchRequests,
        contactsReceived: requests.filter((row) => row.status === 'connected' && row.partner_status !== CompanyStatus.Erased).map(toContact),
        emails: emails.map(toEmail),
        sessions: sessions.map(toSession),
        emailChanges: emailChanges.map((row) => ({
          id: row.id as string,
          newEmail: row.new_email as string,
          createdAt: row.created_at as Date,
          expiresAt: row.expires_at as Date,
          confirmedAt: row.confirmed_at as Date | null,
          cancelledAt: row.cancelled_at as Date | null,
        })),
        signInLinks: links.map(toLink),
        suggestionAlerts: alerts[0] ? { companyId: alerts[0].company_id as string, enabled: alerts[0].enabled as boolean, lastDigestAt: alerts[0].last_digest_at as Date | null } : null,
        auditEntries: audit.map(toAuditEntry),
        source: imports[0]
          ? {
              importId: imports[0].id as string,
              fileName: imports[0].file_name as string,
              importedAt: imports[0].created_at as Date,
              importingCity: (imports[0].importing_city as string | null) ?? '',
              row: imports[0].row as number,
              legalBasis: company.listingLegalBasis,
              noticeDeliveredAt: company.privacyNoticeDeliveredAt,
              confirmedAt: company.listingConfirmedAt,
            }
          : null,
      };
    });
  }
}

// Spread rather than listed: a column added to companies later is exported without a change here.
function profileOf(company: Company): ExportedProfile & Record<string, unknown> {
  const { city, reviewer, importer, searchVector, searchPrimary, searchSecondary, searchPinyin, searchOffers, offersVector, ...profile } = company as Company & Record<string, unknown>;
  return { ...profile, city: city.slug } as unknown as ExportedProfile & Record<string, unknown>;
}

function toRequest(row: Row, timeline: Row[]): ExportedMatchRequest {
  const asPartner = row.role === 'partner';
  // A partner sees who asked and what they wrote only through the introduction.
  const reached = !asPartner || row.introduced_at !== null;
  return {
    id: row.id as string,
    role: row.role as 'requester' | 'partner',
    origin: row.origin as string,
    purpose: row.purpose as string,
    status: row.status as string,
    // An anonymous profile is named only once the two are connected.
    partner: reached ? { id: row.partner_id as string, name: row.partner_anonymous && row.status !== 'connected' ? null : (row.partner_name as string), city: row.partner_city as string } : null,
    message: reached ? (row.message as string) : null,
    rejectionReason: asPartner ? null : (row.rejection_reason as string | null),
    declineReason: asPartner ? (row.decline_reason as string | null) : null,
    createdAt: row.created_at as Date,
    introducedAt: row.introduced_at as Date | null,
    respondBy: row.respond_by as Date | null,
    respondedAt: row.responded_at as Date | null,
    connectedAt: row.connected_at as Date | null,
    closedAt: row.closed_at as Date | null,
    contactGiven: asPartner && row.partner_contact_email ? { name: row.partner_contact_name as string, role: row.partner_contact_role as string | null, email: row.partner_contact_email as string, phone: row.partner_contact_phone as string | null } : null,
    timeline: timeline.filter(() => reached).map(toTimelineEntry),
  };
}

function toTimelineEntry(row: Row): ExportedTimelineEntry {
  return { id: row.id as string, at: row.occurred_at as Date, action: row.action as string, actorType: row.actor_type as string, status: row.status as string | null };
}

// The requester received the contact person the partner confirmed for this introduction; the partner, the requester's.
function toContact(row: Row): ExportedContact {
  const confirmed = row.role === 'requester' && row.partner_contact_email !== null;
  const from = confirmed ? 'partner_contact' : 'other_contact';
  return {
    matchRequestId: row.id as string,
    partnerCompanyId: row.partner_id as string,
    partnerName: row.partner_name as string,
    name: row[`${from}_name`] as string | null,
    role: row[`${from}_role`] as string | null,
    email: row[`${from}_email`] as string | null,
    phone: row[`${from}_phone`] as string | null,
    receivedAt: row.connected_at as Date | null,
  };
}

function toEmail(row: Row): ExportedEmail {
  return {
    id: row.id as string,
    template: row.template as string,
    subject: row.subject as string | null,
    language: row.language as string,
    recipient: row.recipient as string,
    deliveryState: row.status as string,
    createdAt: row.created_at as Date,
    sentAt: row.sent_at as Date | null,
    failedAt: row.failed_at as Date | null,
    deliveries: row.deliveries as ExportedDelivery[],
  };
}

function toSession(row: Row): ExportedSession {
  return {
    id: row.id as string,
    createdAt: row.created_at as Date,
    lastSeenAt: row.last_seen_at as Date,
    expiresAt: row.expires_at as Date,
    revokedAt: row.revoked_at as Date | null,
    ipAddress: row.ip_address as string | null,
    userAgent: row.user_agent as string | null,
  };
}

function toLink(row: Row): ExportedSignInLink {
  return { id: row.id as string, purpose: row.purpose as string, createdAt: row.created_at as Date, expiresAt: row.expires_at as Date, usedAt: row.used_at as Date | null };
}

function toAuditEntry(row: Row): ExportedAuditEntry {
  return {
    id: row.id as string,
    occurredAt: row.occurred_at as Date,
    action: row.action as string,
    actorType: row.actor_type as string,
    actorRole: row.actor_role as string | null,
    before: row.before as Record<string, unknown> | null,
    after: row.after as Record<string, unknown> | null,
  };
}
