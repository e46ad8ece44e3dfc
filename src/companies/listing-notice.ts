import { UnprocessableEntityException } from '@nestjs/common';
/** Why an imported organisation's profile may be listed. */
export enum ListingLegalBasis {
  /** GDPR Art. 6(1)(e): the economic development office's public task of promoting the local economy. */
  PublicTask = 'public_task',
  /** GDPR Art. 6(1)(a): the organisation agreed to be listed; it confirms through the notice's link. */
  Consent = 'consent',
}

export const LISTING_NOTICE_TEMPLATE = 'company_listing_notice';

/** How long the link in the notice works; afterwards the organisation asks for a sign-in link with its email. */
export const LISTING_REVIEW_VALID_MS = 30 * 24 * 3_600_000;

/**
 * SQL condition on a `companies` row: it may be suggested and introduced. A registered profile always may;
 * an imported one only once its notice of listing was delivered and, where it is listed by consent, confirmed.
 */
export function introducibleSql(alias: string): string {
  return `(${alias}.imported_by IS NULL OR (${alias}.privacy_notice_delivered_at IS NOT NULL AND (${alias}.listing_legal_basis <> 'consent' OR ${alias}.listing_confirmed_at IS NOT NULL)))`;
}

export function isIntroducible(company: { importedBy: string | null; privacyNoticeDeliveredAt: Date | null; listingLegalBasis: ListingLegalBasis | null; listingConfirmedAt: Date | null }): boolean {
  if (!company.importedBy) return true;
  if (!company.privacyNoticeDeliveredAt) return false;
  return company.listingLegalBasis !== ListingLegalBasis.Consent || company.listingConfirmedAt !== null;
}

/** Reads the optional `legal_basis` column of an import row: the office's public task unless it says consent. */
export function listingLegalBasisOf(cell: string | undefined): ListingLegalBasis | null {
  const value = (cell ?? '').trim().toLowerCase();
  if (value === '' || value === ListingLegalBasis.PublicTask) return ListingLegalBasis.PublicTask;
  if (value === ListingLegalBasis.Consent) return ListingLegalBasis.Consent;
  return null;
}

type ListingState = Parameters<typeof isIntroducible>[0] & { legalName: string };

/** Refuses to introduce an imported organisation that has not yet been told of its listing (or not confirmed it). */
export function requireIntroducible(company: ListingState, field: string): void {
  if (isIntroducible(company)) return;
  const message = company.privacyNoticeDeliveredAt
    ? `${company.legalName} is listed by consent and has not confirmed its listing yet; it can be introduced once it has.`
    : `${company.legalName} was imported and has not yet received the notice of its listing; it can be introduced once the notice has been delivered.`;
  throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', message, errors: [{ field, message }] });
}
