import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ContactResponse, PublicCompanyResponse, toPublicCompanyResponse } from '../../companies/dto/company.response';
import { Company } from '../../companies/company.entity';
import { CHINA_TRANSFER_CONSENT_VERSION } from '../../companies/consent-terms';
import { CrossBorderState } from '../../companies/cross-border-check.service';
import { TransferBasis } from '../../companies/cross-border-policy';
import { CooperationType } from '../../companies/cooperation-type';
import { UiLanguage } from '../../common/language';
import { MatchSignals } from '../../matching/match-signals';
import { explainMatch } from '../../matching/suggestion-reasons';
import { ClosingReason, MatchRequestStatus } from '../match-request-status';
import { MatchRequest, MatchRequestOrigin } from '../match-request.entity';

export class ChinaTransferConsentView {
  @ApiProperty({ example: '2026-11' })
  version: string;

  @ApiProperty({ format: 'date-time' })
  givenAt: Date;

  @ApiProperty({ description: 'Whether it is the version the platform asks for now.' })
  current: boolean;
}

/** Whether the company's data may cross the German-Chinese border, and on what ground. */
export class CrossBorderView {
  @ApiProperty({ example: 'DE' })
  country: string;

  @ApiProperty({ description: 'True when an introduction across the border may go ahead for this side.' })
  mayCross: boolean;

  @ApiPropertyOptional({ type: ChinaTransferConsentView, nullable: true, description: 'German companies: the consent to the transfer to China, not withdrawn.' })
  chinaTransferConsent: ChinaTransferConsentView | null;

  @ApiPropertyOptional({ type: String, nullable: true, enum: [...Object.values(TransferBasis), null], description: 'Chinese companies: the legal basis for sending their data to Germany (PIPL Art. 38-39).' })
  transferBasis: string | null;
}

export class OfficerCompanyView extends PublicCompanyResponse {
  @ApiProperty()
  legalName: string;

  @ApiPropertyOptional({ type: CrossBorderView, nullable: true })
  crossBorder: CrossBorderView | null;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: ContactResponse, nullable: true, description: 'For the home office only; officers of other member cities receive contact persons through the emails they are in Cc of.' })
  contact: ContactResponse | null;
}

/** What every reader of a request sees of it. */
class MatchRequestBaseResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: MatchRequestStatus })
  status: MatchRequestStatus;

  @ApiProperty({ enum: CooperationType })
  purpose: CooperationType;

  @ApiProperty()
  message: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  rejectionReason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  declineReason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, enum: [...Object.values(ClosingReason), null], description: 'Why a request ended without an answer: an erasure or a withdrawn cross-border consent.' })
  closingReason: ClosingReason | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  respondBy: Date | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class OfficerMatchRequestResponse extends MatchRequestBaseResponse {
  @ApiProperty({ enum: MatchRequestOrigin })
  origin: MatchRequestOrigin;

  @ApiPropertyOptional({ type: String, nullable: true })
  officerNote: string | null;

  @ApiProperty()
  score: number;

  @ApiProperty({ type: [String] })
  reasons: string[];

  @ApiProperty({ type: OfficerCompanyView })
  requester: OfficerCompanyView;

  @ApiProperty({ type: OfficerCompanyView })
  target: OfficerCompanyView;

  @ApiProperty({ format: 'date-time', description: 'Since when the request is in its current status.' })
  statusSince: Date;

  @ApiProperty({ description: 'Hours in the current status.' })
  waitingHours: number;

  @ApiProperty({ description: 'Send it back with a decision to refuse it if the request changed meanwhile.' })
  version: number;
}

export class OfficerMatchRequestsPageResponse {
  @ApiProperty({ type: [OfficerMatchRequestResponse] })
  items: OfficerMatchRequestResponse[];

  @ApiProperty()
  total: number;
}

export class DecisionResultResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['done', 'refused'] })
  outcome: 'done' | 'refused';

  @ApiPropertyOptional({ enum: MatchRequestStatus, nullable: true })
  status: MatchRequestStatus | null;

  @ApiProperty({ example: 409 })
  httpStatus: number;

  @ApiPropertyOptional()
  message?: string;
}

export class DecisionResultsResponse {
  @ApiProperty({ type: [DecisionResultResponse] })
  results: DecisionResultResponse[];
}

export class MatchRequestStatusResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: MatchRequestStatus })
  status: MatchRequestStatus;

  @ApiProperty()
  version: number;
}

export class CompanyMatchRequestResponse extends MatchRequestBaseResponse {
  @ApiProperty({ enum: ['outgoing', 'incoming'] })
  direction: 'outgoing' | 'incoming';

  @ApiProperty({ type: PublicCompanyResponse })
  partner: PublicCompanyResponse;

  @ApiPropertyOptional({ type: ContactResponse, nullable: true, description: 'The partner’s contact person, once both sides are connected.' })
  partnerContact: ContactResponse | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Set when the introduction did not reach the partner (its address was refused); the office corrects it and sends it again.' })
  introductionUndeliveredAt: Date | null;
}

function reasonsOf(request: MatchRequest, language: UiLanguage): string[] {
  return Array.isArray(request.reasons) ? [] : explainMatch(request.reasons as MatchSignals, language);
}

function contactOf(company: Company): ContactResponse {
  return { name: company.contactName ?? '', role: company.contactRole, email: company.contactEmail ?? '', phone: company.contactPhone };
}

function toOfficerCompanyView(company: Company, withContact: boolean, state: CrossBorderState | undefined): OfficerCompanyView {
  return { ...toPublicCompanyResponse(company, true), legalName: company.legalName, status: company.status, contact: withContact ? contactOf(company) : null, crossBorder: state ? toCrossBorderView(state) : null };
}

function toCrossBorderView(state: CrossBorderState): CrossBorderView {
  const consent = state.chinaTransferConsent;
  return {
    country: state.country,
    mayCross: state.mayCross,
    chinaTransferConsent: consent && { version: consent.version, givenAt: consent.givenAt, current: consent.version === CHINA_TRANSFER_CONSENT_VERSION },
    transferBasis: state.transferBasis,
  };
}

/**
 * A request as an officer sees it; contact persons only where the reader's office may see them (OfficerScope.seesContactData),
 * and the cross-border state of both sides where it is given.
 */
export function toOfficerMatchRequestResponse(
  request: MatchRequest,
  language: UiLanguage,
  { withContacts = false, now = Date.now(), crossBorder = new Map() }: { withContacts?: boolean; now?: number; crossBorder?: Map<string, CrossBorderState> } = {},
): OfficerMatchRequestResponse {
  return {
    id: request.id,
    status: request.status,
    origin: request.origin,
    purpose: request.purpose,
    message: request.message,
    officerNote: request.officerNote,
    score: request.score,
    reasons: reasonsOf(request, language),
    requester: toOfficerCompanyView(request.requester, withContacts, crossBorder.get(request.requesterCompanyId)),
    target: toOfficerCompanyView(request.target, withContacts, crossBorder.get(request.targetCompanyId)),
    rejectionReason: request.rejectionReason,
    declineReason: request.declineReason,
    closingReason: request.closingReason,
    respondBy: request.respondBy,
    createdAt: request.createdAt,
    statusSince: request.updatedAt,
    waitingHours: Math.floor((now - request.updatedAt.getTime()) / 3_600_000),
    version: request.version,
  };
}

/** The partner's contact person as confirmed on the answer page for this introduction (the profile's before that page existed). */
export function introductionContactOf(request: MatchRequest): ContactResponse {
  if (!request.partnerContactEmail) return contactOf(request.target);
  return { name: request.partnerContactName ?? '', role: request.partnerContactRole, email: request.partnerContactEmail, phone: request.partnerContactPhone };
}

/** A company sees its partner's public profile; the contact person only once they are connected. */
export function toCompanyMatchRequestResponse(request: MatchRequest & { introductionUndeliveredAt?: Date | null }, companyId: string): CompanyMatchRequestResponse {
  const outgoing = request.requesterCompanyId === companyId;
  const partner = outgoing ? request.target : request.requester;
  return {
    id: request.id,
    direction: outgoing ? 'outgoing' : 'incoming',
    status: request.status,
    purpose: request.purpose,
    message: request.message,
    partner: toPublicCompanyResponse(partner),
    partnerContact: request.status === MatchRequestStatus.Connected ? (outgoing ? introductionContactOf(request) : contactOf(partner)) : null,
    rejectionReason: outgoing ? request.rejectionReason : null,
    declineReason: request.declineReason,
    closingReason: request.closingReason,
    respondBy: request.respondBy,
    createdAt: request.createdAt,
    introductionUndeliveredAt: outgoing ? (request.introductionUndeliveredAt ?? null) : null,
  };
}
