import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { localizedCityName } from '../cities/city-names';
import { OfficeContact } from '../cities/office-contact.entity';
import { Company } from '../companies/company.entity';
import { CrossBorderCheck } from '../companies/cross-border-check.service';
import { crossesBorder } from '../companies/cross-border-policy';
import { ORGANISATION_TYPE_LABELS } from '../companies/organisation-labels';
import { Environment } from '../config/environment';
import { MailLanguage } from '../mail/mail-renderer';
import { ContextOptions, MailContext, MailTemplateRegistry, SendingOffice } from '../mail/mail-template.registry';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { WITHHELD_LINK } from '../mail/secret-links.service';
import { cooperationLabel } from '../matching/suggestion-reasons';
import { naceTitles } from '../nace/nace';
import { IntroductionProgressService } from './introduction-progress.service';
import { ClosingReason } from './match-request-status';
import { MatchRequest } from './match-request.entity';
import { ResponseLinks } from './response-links.service';

const ANONYMOUS_NAME: Record<MailLanguage, string> = { de: 'ein Unternehmen', en: 'a company', zh: '一家企业' };
const TIME_ZONE = { DE: 'Europe/Berlin', CN: 'Asia/Shanghai' } as const;

/** Emails to the partner side (read in the partner's time zone). */
const TO_PARTNER = ['match_introduction', 'match_introduction_reminder', 'match_introduction_expired'];

const WITH_ANSWER_LINK = ['match_introduction', 'match_introduction_reminder'];

export const MATCH_REQUEST_TEMPLATES = [
  ...TO_PARTNER,
  'match_request_approved',
  'match_request_rejected',
  'match_request_accepted',
  'match_request_declined',
  'match_request_expired',
  'match_request_closed',
  'match_contact_exchange',
  'officer_match_request_waiting',
  'officer_partner_answered',
];

/** Emails that carry one company's data (profile, message, contact) to the other one: the cross-border rule holds until they go out. */
const CARRYING_COMPANY_DATA = ['match_introduction', 'match_introduction_reminder', 'match_introduction_expired', 'match_contact_exchange'];

const cityName = localizedCityName;

/** How the emails of a match request are filled, from whom they come, and what their delivery changes. */
@Injectable()
export class MatchRequestMailTemplates implements OnModuleInit {
  private readonly logger = new Logger(MatchRequestMailTemplates.name);

  constructor(
    private readonly registry: MailTemplateRegistry,
    private readonly dataSource: DataSource,
    private readonly progress: IntroductionProgressService,
    private readonly responseLinks: ResponseLinks,
    private readonly config: ConfigService<Environment, true>,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  onModuleInit(): void {
    for (const template of MATCH_REQUEST_TEMPLATES) this.registry.register(template, { context: (message, options) => this.context(message, options) });
    this.registry.register('match_introduction', { onDelivered: (manager, message) => this.introduced(manager, message) });
    this.registry.register('match_contact_exchange', { onDelivered: (manager, message) => this.exchanged(manager, message) });
    for (const template of CARRYING_COMPANY_DATA) this.registry.register(template, { refusalAtSend: (message) => this.crossBorderRefusal(message) });
    for (const template of WITH_ANSWER_LINK) this.registry.register(template, { withholdsLink: true, onReaddressed: (manager, message) => this.renewAnswerLink(manager, message) });
  }

  private async context(message: OutboxMessage, options: ContextOptions = {}): Promise<MailContext> {
    const requestId = String(message.payload.matchRequestId);
    const request = await this.dataSource
      .getRepository(MatchRequest)
      .findOneOrFail({ where: { id: requestId }, relations: { requester: { city: true }, target: { city: true } } });
    const { requester, target } = request;
    const partnerCompanyId = message.payload.partnerCompanyId;
    const partner = partnerCompanyId === requester.id ? requester : target;
    const toPartner = TO_PARTNER.includes(message.template) || (message.template === 'match_contact_exchange' && partner === requester);
    const publicUrl = this.config.get('PUBLIC_URL', { infer: true });
    const targetContactName = request.partnerContactName ?? target.contactName;
    const respondLink = options.withholdLink && WITH_ANSWER_LINK.includes(message.template) ? WITHHELD_LINK : await this.respondLinkOf(message, request);
    return {
      office: await this.officeOf(requester.cityId),
      timeZone: TIME_ZONE[(toPartner ? target : requester).city.country] ?? TIME_ZONE.DE,
      forLanguage: (language) => ({
        recipientName: message.payload.recipientName ?? (toPartner ? targetContactName : requester.contactName) ?? '',
        contactName: (toPartner ? targetContactName : requester.contactName) ?? '',
        viaOffice: message.payload.routing === 'via_office',
        requester: this.requesterView(requester, language),
        target: { displayName: target.legalName, cityName: cityName(target.city, language) },
        partner: partner === target ? this.introductionContactView(request, language) : this.contactView(partner, language),
        purposeLabel: cooperationLabel(request.purpose, language),
        message: request.message,
        officerNote: request.officerNote,
        respondBy: request.respondBy?.toISOString() ?? null,
        respondLink,
        reason: request.rejectionReason,
        declineReason: request.declineReason,
        accepted: message.payload.accepted ?? null,
        erased: request.closingReason === ClosingReason.CompanyErased,
        requesterName: requester.legalName,
        targetName: target.legalName,
        targetCityName: cityName(target.city, language),
        link: String(message.payload.link ?? new URL('/officer/match-requests', publicUrl)),
      }),
    };
  }

  // The consent may have stopped being current (a new version of its text, a withdrawal) since the email was queued.
  private async crossBorderRefusal(message: OutboxMessage): Promise<string | null> {
    const request = await this.dataSource.getRepository(MatchRequest).findOneBy({ id: String(message.payload.matchRequestId) });
    if (!request) return null;
    const ownerId = message.template === 'match_contact_exchange' ? String(message.payload.partnerCompanyId) : request.requesterCompanyId;
    const readerId = ownerId === request.requesterCompanyId ? request.targetCompanyId : request.requesterCompanyId;
    const states = await this.crossBorder.states(this.dataSource.manager, [ownerId, readerId]);
    const owner = states.get(ownerId);
    const reader = states.get(readerId);
    if (!owner || !reader || !crossesBorder(owner.country, reader.country) || owner.mayCross) return null;
    return owner.country === 'DE'
      ? 'The company has no current consent to sharing its data with organisations in China (a new version of the consent text, or a withdrawal); nothing of it is sent to China.'
      : 'The company has no recorded legal basis that permits sending its data from China to Germany; nothing of it is sent to Germany.';
  }

  // A link revoked before its email went out (the introduction ended) must not be sent: the email fails for good.
  private async respondLinkOf(message: OutboxMessage, request: MatchRequest): Promise<string | null> {
    let linkId = message.payload.responseLinkId;
    // Written before answer links were stored: such an email gets a link of its own now.
    if (typeof linkId !== 'string' && WITH_ANSWER_LINK.includes(message.template)) linkId = await this.dataSource.transaction((manager) => this.responseLinks.issue(manager, request));
    if (typeof linkId !== 'string') return null;
    const url = await this.responseLinks.urlOf(linkId);
    if (!url) throw new Error('The answer link of this email was revoked or has expired; the introduction has ended.');
    return url;
  }

  // Sent to a corrected address, the email carries a link of its own: the one that went to the earlier address stops working.
  private async renewAnswerLink(manager: EntityManager, message: OutboxMessage): Promise<void> {
    const linkId = message.payload.responseLinkId;
    if (typeof linkId !== 'string') return;
    const request = await manager.getRepository(MatchRequest).findOneByOrFail({ id: String(message.payload.matchRequestId) });
    const renewed = await this.responseLinks.replace(manager, linkId, request);
    if (renewed) message.payload = { ...message.payload, responseLinkId: renewed };
  }

  private requesterView(company: Company, language: MailLanguage) {
    return {
      displayName: company.anonymous ? ANONYMOUS_NAME[language] : company.legalName,
      anonymous: company.anonymous,
      cityName: cityName(company.city, language),
      organisationTypeLabel: ORGANISATION_TYPE_LABELS[language][company.organisationType],
      description: company.description,
      offersText: company.offersText,
      seeksText: company.seeksText,
      sectors: company.naceCodes.map((code) => `${code} ${naceTitles(code)?.[language] ?? ''}`.trim()),
      website: company.anonymous ? null : company.website,
    };
  }

  private contactView(company: Company, language: MailLanguage) {
    return {
      legalName: company.legalName,
      cityName: cityName(company.city, language),
      contactName: company.contactName ?? '',
      contactRole: company.contactRole,
      email: company.contactEmail ?? '',
      phone: company.contactPhone,
      website: company.website,
    };
  }

  /** The partner as the requester gets to know it: the contact person confirmed for this introduction. */
  private introductionContactView(request: MatchRequest, language: MailLanguage) {
    const view = this.contactView(request.target, language);
    if (!request.partnerContactEmail) return view;
    return { ...view, contactName: request.partnerContactName ?? '', contactRole: request.partnerContactRole, email: request.partnerContactEmail, phone: request.partnerContactPhone };
  }

  // Introductions go out on behalf of the requester's economic development office (the home office when it has none).
  private async officeOf(cityId: string): Promise<SendingOffice | null> {
    const contact = await this.dataSource.getRepository(OfficeContact).findOneBy({ cityId });
    return contact && { name: contact.officeName, contactPerson: contact.contactPerson, email: contact.email, phone: contact.phone };
  }

  private async introduced(manager: EntityManager, message: OutboxMessage): Promise<void> {
    await this.progress.markIntroducedIn(manager, String(message.payload.matchRequestId), new Date());
  }

  /** Connected once every contact-exchange email of the request is out. */
  private async exchanged(manager: EntityManager, message: OutboxMessage): Promise<void> {
    const requestId = String(message.payload.matchRequestId);
    // Both emails may be delivered at once: the request's row lock makes the second one see the first as sent.
    await manager.query(`SELECT id FROM match_requests WHERE id = $1 FOR UPDATE`, [requestId]);
    // Delivered means its To has it; a copy still being tried does not hold the exchange up.
    const [{ outstanding }] = await manager.query(
      `SELECT count(*)::int AS outstanding FROM outbox_messages message
        WHERE template = 'match_contact_exchange' AND payload->>'matchRequestId' = $1 AND status <> 'sent' AND id <> $2
          AND NOT EXISTS (SELECT 1 FROM outbox_recipients recipient WHERE recipient.outbox_id = message.id AND recipient.role = 'to' AND recipient.state = 'accepted')`,
      [requestId, message.id],
    );
    if (outstanding === 0) await this.progress.markConnectedIn(manager, requestId);
    else this.logger.log({ requestId, outstanding }, 'Contact exchange partly delivered');
  }
}
