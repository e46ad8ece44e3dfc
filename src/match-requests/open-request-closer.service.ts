import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { OfficeContact } from '../cities/office-contact.entity';
import { emailLanguageOf } from '../companies/company-mail';
import { CompanyPrivacyEvents } from '../companies/company-privacy-events';
import { Company } from '../companies/company.entity';
import { crossesBorder } from '../companies/cross-border-policy';
import { OutboxService } from '../mail/outbox.service';
import { IntroductionMailService } from './introduction-mail.service';
import { ClosingReason, MatchRequestStatus, OPEN_MATCH_REQUEST_STATUSES } from './match-request-status';
import { MatchRequestTransitions } from './match-request-transitions.service';
import { MatchRequest } from './match-request.entity';

/** Stands in for words the company's people wrote, once the company is erased. */
export const ERASED_TEXT = '—';

// From the introduction on, the partner has the requester's profile and message: it is told when the request ends.
const PARTNER_KNOWS = [MatchRequestStatus.Introduced, MatchRequestStatus.Accepted];

/**
 * Ends the open requests of a company whose data must stop flowing (erasure, a withdrawn cross-border consent), in the
 * transaction of that change: the request is withdrawn with the reason, emails not yet sent about it are cancelled,
 * and those who knew of it are told.
 */
@Injectable()
export class OpenRequestCloser implements OnModuleInit {
  constructor(
    private readonly events: CompanyPrivacyEvents,
    private readonly transitions: MatchRequestTransitions,
    private readonly outbox: OutboxService,
    private readonly mail: IntroductionMailService,
  ) {}

  onModuleInit(): void {
    this.events.subscribe({
      companyErasing: (manager, company) => this.companyErasing(manager, company),
      crossBorderWithdrawn: (manager, company) => this.crossBorderWithdrawn(manager, company),
    });
  }

  async companyErasing(manager: EntityManager, company: Company): Promise<void> {
    for (const request of await this.openRequestsOf(manager, company.id)) await this.close(manager, request, ClosingReason.CompanyErased, company.id);
    // The words its people wrote go with it; the requests stay countable.
    await manager.getRepository(MatchRequest).update({ requesterCompanyId: company.id }, { message: ERASED_TEXT });
    // So does the contact person it confirmed on an answer page, which the requester would otherwise still be shown.
    await manager
      .getRepository(MatchRequest)
      .update({ targetCompanyId: company.id }, { declineReason: null, partnerContactName: null, partnerContactRole: null, partnerContactEmail: null, partnerContactPhone: null });
  }

  async crossBorderWithdrawn(manager: EntityManager, company: Company): Promise<void> {
    for (const request of await this.openRequestsOf(manager, company.id)) {
      if (crossesBorder(request.requester.city.country, request.target.city.country)) await this.close(manager, request, ClosingReason.TransferConsentWithdrawn, company.id);
    }
  }

  private async openRequestsOf(manager: EntityManager, companyId: string): Promise<MatchRequest[]> {
    const ids: Array<{ id: string }> = await manager.query(
      `SELECT id FROM match_requests WHERE (requester_company_id = $1 OR target_company_id = $1) AND status = ANY($2::match_request_status[]) ORDER BY created_at FOR UPDATE`,
      [companyId, OPEN_MATCH_REQUEST_STATUSES],
    );
    if (ids.length === 0) return [];
    return manager.getRepository(MatchRequest).find({ where: { id: In(ids.map((row) => row.id)) }, relations: { requester: { city: true }, target: { city: true } }, order: { createdAt: 'ASC' } });
  }

  private async close(manager: EntityManager, request: MatchRequest, reason: ClosingReason, causedBy: string): Promise<void> {
    const partnerKnew = PARTNER_KNOWS.includes(request.status);
    await this.transitions.apply(manager, request, 'close', { closingReason: reason });
    await manager.query(
      `UPDATE outbox_messages SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, updated_at = now()
        WHERE payload->>'matchRequestId' = $1 AND status IN ('pending', 'failed')`,
      [request.id, `The request ended: ${reason}.`],
    );
    await this.notify(manager, request, reason, causedBy, partnerKnew);
  }

  /** The requester (unless it is the one erased), the partner where it had the introduction (erasure only), and both offices. */
  private async notify(manager: EntityManager, request: MatchRequest, reason: ClosingReason, causedBy: string, partnerKnew: boolean): Promise<void> {
    const recipients: Recipient[] = [];
    const { requester, target } = request;
    if (requester.id !== causedBy || reason !== ClosingReason.CompanyErased) addCompany(recipients, requester);
    if (reason === ClosingReason.CompanyErased && partnerKnew && target.id !== causedBy) addCompany(recipients, target);
    const offices = await manager.getRepository(OfficeContact).findBy({ cityId: In([...new Set([requester.cityId, target.cityId])]) });
    for (const office of offices) recipients.push({ email: office.email, language: office.preferredLanguage, name: office.officeName, link: '/officer/match-requests' });
    const seen = new Set<string>();
    for (const recipient of recipients) {
      if (seen.has(recipient.email)) continue;
      seen.add(recipient.email);
      await this.outbox.enqueue(manager, {
        template: 'match_request_closed',
        language: recipient.language,
        recipient: recipient.email,
        payload: { matchRequestId: request.id, closingReason: reason, recipientName: recipient.name, link: this.mail.link(recipient.link) },
      });
    }
  }
}

interface Recipient {
  email: string;
  language: string;
  name: string | null;
  link: string;
}

function addCompany(recipients: Recipient[], company: Company): void {
  if (company.contactEmail) recipients.push({ email: company.contactEmail, language: emailLanguageOf(company), name: company.contactName, link: '/companies/match-requests' });
}
