import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every stored field of the profile (columns added later appear too); search indexes are left out. */
export class ExportedProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['unverified', 'pending_review', 'active', 'rejected', 'paused', 'expired', 'erased'] }) status: string;
  @ApiProperty() legalName: string;
  @ApiProperty() organisationType: string;
  @ApiProperty() street: string;
  @ApiProperty() postcode: string;
  @ApiProperty() municipality: string;
  @ApiProperty({ description: 'Slug of the member city.' }) city: string;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: Number, nullable: true }) foundingYear: number | null;
  @ApiProperty() description: string;
  @ApiProperty() staffHeadcount: number;
  @ApiProperty({ type: Number, nullable: true }) annualTurnoverEur: number | null;
  @ApiProperty({ type: Number, nullable: true }) balanceSheetTotalEur: number | null;
  @ApiProperty() smeClass: string;
  @ApiProperty({ type: [String] }) naceCodes: string[];
  @ApiProperty({ type: [String] }) offersTypes: string[];
  @ApiProperty() offersText: string;
  @ApiProperty({ type: [String] }) seeksTypes: string[];
  @ApiProperty() seeksText: string;
  @ApiProperty({ type: [String] }) keywords: string[];
  @ApiProperty({ type: [String] }) targetCountries: string[];
  @ApiProperty({ type: [String] }) targetRegions: string[];
  @ApiProperty({ type: [String] }) targetCities: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty() preferredLanguage: string;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) contactRole: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail: string | null;
  @ApiProperty({ type: String, nullable: true }) contactPhone: string | null;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) emailVerifiedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: 'The office\'s reason when the profile was not approved.' }) rejectionReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) activatedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class ExportedConsent {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['privacy_policy', 'china_transfer'] }) kind: string;
  @ApiProperty({ description: 'Version of the text consented to.' }) version: string;
  @ApiProperty({ type: String, format: 'date-time' }) givenAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: Date | null;
}

export class ExportedTimelineEntry {
  @ApiProperty({ description: 'Id of the audit entry.' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ example: 'match_request.approved' }) action: string;
  @ApiProperty({ enum: ['user', 'company', 'partner', 'system'], description: 'Who acted: an officer (user), a company user, the partner, or the platform.' }) actorType: string;
  @ApiProperty({ type: String, nullable: true, description: 'Status after the step.' }) status: string | null;
}

export class ExportedPartner {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name as it was shown: null for an anonymous profile.' }) name: string | null;
  @ApiProperty({ description: 'Slug of its member city.' }) city: string;
}

export class ExportedIntroductionContact {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
}

export class ExportedMatchRequest {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['requester', 'partner'], description: 'Whether the company asked for the introduction or was asked.' }) role: 'requester' | 'partner';
  @ApiProperty({ enum: ['company', 'officer'] }) origin: string;
  @ApiProperty() purpose: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: ExportedPartner, nullable: true, description: 'Null while a request about the company has not been introduced to it.' }) partner: ExportedPartner | null;
  @ApiProperty({ type: String, nullable: true, description: 'The message of the request; for a partner, only once it was introduced.' }) message: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The office\'s reason, told to the requester.' }) rejectionReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reason the partner gave when declining (to the partner itself).' }) declineReason: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) introducedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondBy: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) respondedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) connectedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({ type: ExportedIntroductionContact, nullable: true, description: 'For a partner: the contact person it confirmed when it accepted this introduction.' }) contactGiven: ExportedIntroductionContact | null;
  @ApiProperty({ type: [ExportedTimelineEntry], description: 'Every step, oldest first (empty for a request not yet introduced to a partner).' }) timeline: ExportedTimelineEntry[];
}

export class ExportedContact {
  @ApiProperty({ format: 'uuid' }) matchRequestId: string;
  @ApiProperty({ format: 'uuid' }) partnerCompanyId: string;
  @ApiProperty() partnerName: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When both sides received each other\'s contact person.' }) receivedAt: Date | null;
}

export class ExportedDelivery {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() address: string;
  @ApiProperty({ description: 'To or Cc.' }) role: string;
  @ApiProperty({ description: 'What the mail server answered for this address.' }) state: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: Date | null;
}

export class ExportedEmail {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The kind of email.' }) template: string;
  @ApiProperty({ type: String, nullable: true, description: 'Subject line as sent (null until it is sent).' }) subject: string | null;
  @ApiProperty() language: string;
  @ApiProperty({ description: 'Address it went to.' }) recipient: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed', 'unconfirmed'] }) deliveryState: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: Date | null;
  @ApiProperty({ type: [ExportedDelivery], description: 'Delivery to the company\'s own address.' }) deliveries: ExportedDelivery[];
}

export class ExportedEmailChange {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The login address asked for.' }) newEmail: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: Date | null;
}

export class ExportedSession {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) lastSeenAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) ipAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
}

export class ExportedSignInLink {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'What the emailed link was for (the link itself is stored only as a hash and never exported).' }) purpose: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) usedAt: Date | null;
}

export class ExportedSuggestionAlerts {
  @ApiProperty({ format: 'uuid' }) companyId: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastDigestAt: Date | null;
}

export class ExportedAuditEntry {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time' }) occurredAt: Date;
  @ApiProperty() action: string;
  @ApiProperty({ enum: ['user', 'company', 'partner', 'system'] }) actorType: string;
  @ApiProperty({ type: String, nullable: true, description: 'Role of an acting officer.' }) actorRole: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
}

export class ExportedSource {
  @ApiProperty({ format: 'uuid', description: 'The import the profile came from.' }) importId: string;
  @ApiProperty({ description: 'Name of the file the office uploaded.' }) fileName: string;
  @ApiProperty({ type: String, format: 'date-time' }) importedAt: Date;
  @ApiProperty({ description: 'Slug of the member city whose office imported it.' }) importingCity: string;
  @ApiProperty({ description: 'Line of the file that held the profile.' }) row: number;
  @ApiProperty({ enum: ['public_task', 'consent'], nullable: true, type: String }) legalBasis: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the notice of the listing was delivered.' }) noticeDeliveredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt: Date | null;
}

/** Everything the platform keeps about a company and its people (GDPR Art. 15 and 20), in one document. */
export class CompanyExportResponse {
  @ApiProperty({ example: 'isa-match-export/1', description: 'Format of this document.' }) format: string;
  @ApiProperty({ type: String, format: 'date-time' }) exportedAt: Date;
  @ApiProperty({ type: ExportedProfile, description: 'The whole profile with its contact person, status and review dates.' })
  profile: ExportedProfile & Record<string, unknown>;
  @ApiProperty({ type: [ExportedConsent] }) consents: ExportedConsent[];
  @ApiProperty({ type: [ExportedMatchRequest], description: 'Introduction requests the company sent and received, with their messages and timelines.' }) matchRequests: ExportedMatchRequest[];
  @ApiProperty({ type: [ExportedContact], description: 'Contact persons of partners received through connected introductions.' }) contactsReceived: ExportedContact[];
  @ApiProperty({ type: [ExportedEmail], description: 'Emails sent to the company (never their links).' }) emails: ExportedEmail[];
  @ApiProperty({ type: [ExportedSession], description: 'Sign-ins of the company\'s people.' }) sessions: ExportedSession[];
  @ApiProperty({ type: [ExportedEmailChange], description: 'Changes of the login address asked for (never their links).' }) emailChanges: ExportedEmailChange[];
  @ApiProperty({ type: [ExportedSignInLink], description: 'Emailed sign-in, confirmation and review links.' }) signInLinks: ExportedSignInLink[];
  @ApiProperty({ type: ExportedSuggestionAlerts, nullable: true, description: 'The weekly suggestion alert setting.' }) suggestionAlerts: ExportedSuggestionAlerts | null;
  @ApiProperty({ type: [ExportedAuditEntry], description: 'Audit log entries about the company or made by its people.' }) auditEntries: ExportedAuditEntry[];
  @ApiProperty({ type: ExportedSource, nullable: true, description: 'Where the profile came from, when an office imported it (GDPR Art. 14, 15(1)(g)); null for a registration.' }) source: ExportedSource | null;
}
