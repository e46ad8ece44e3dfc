import { CHINA_TRANSFER_CONSENT_VERSION } from './consent-terms';

/**
 * The legal basis on which an organisation in China may have its data sent to Germany (PIPL Art. 38-39).
 * Officers record it at import; a registration of its own counts as consent.
 */
export enum TransferBasis {
  /** Separate consent of the organisation (PIPL Art. 39). */
  Consent = 'consent',
  /** The standard contract of the CAC, filed (PIPL Art. 38(1)(3)). */
  StandardContract = 'standard_contract',
  /** Personal-information protection certification (PIPL Art. 38(1)(2)). */
  Certification = 'certification',
  /** Security assessment by the CAC (PIPL Art. 38(1)(1), Art. 40). */
  SecurityAssessment = 'security_assessment',
  /** No personal information leaves China (e.g. only an office address), or an exemption applies. */
  NotApplicable = 'not_applicable',
  /** No basis: the data stays on the Chinese side. */
  None = 'none',
}

export const TRANSFER_PERMITTING_BASES: readonly TransferBasis[] = [
  TransferBasis.Consent,
  TransferBasis.StandardContract,
  TransferBasis.Certification,
  TransferBasis.SecurityAssessment,
  TransferBasis.NotApplicable,
];

/** Where the profile page of the company area lets a German company give the consent. */
export const CHINA_TRANSFER_CONSENT_LINK = '/companies/area#china-transfer';

/** The two sides of the border the rule is about. */
export type Side = 'DE' | 'CN';

export function crossesBorder(countryA: string, countryB: string): boolean {
  return countryA !== countryB && isBorderCountry(countryA) && isBorderCountry(countryB);
}

function isBorderCountry(country: string): country is Side {
  return country === 'DE' || country === 'CN';
}

const PERMITTING_BASES_SQL = TRANSFER_PERMITTING_BASES.map((basis) => `'${basis}'`).join(', ');

/**
 * The one rule, as SQL over a company row and its city row: true when the company's data may go to the other
 * side of the German-Chinese border. A German company needs its consent to the transfer to China in the current
 * version, not withdrawn; a Chinese company needs a recorded basis that permits the transfer. Combine it with any
 * other condition (city scope, status) with AND.
 */
export function mayCrossBorderSql(companyAlias: string, cityAlias: string): string {
  // Quoted: query builders use camel-case aliases.
  const [company, city] = [`"${companyAlias}"`, `"${cityAlias}"`];
  return `(CASE ${city}.country
    WHEN 'DE' THEN EXISTS (SELECT 1 FROM company_consents transfer_consent
                            WHERE transfer_consent.company_id = ${company}.id AND transfer_consent.kind = 'china_transfer'
                              AND transfer_consent.version = '${CHINA_TRANSFER_CONSENT_VERSION}' AND transfer_consent.withdrawn_at IS NULL)
    WHEN 'CN' THEN coalesce(${company}.transfer_basis::text IN (${PERMITTING_BASES_SQL}), false)
    ELSE true END)`;
}

/**
 * True when a reader on one side may see the company: companies of the reader's own side always, the other
 * side only where its data may cross. `viewerCountry` is a SQL expression (a parameter or a column).
 */
export function visibleFromSql(companyAlias: string, cityAlias: string, viewerCountry: string): string {
  const city = `"${cityAlias}"`;
  return `(${city}.country = ${viewerCountry} OR ${city}.country NOT IN ('DE', 'CN') OR ${viewerCountry} NOT IN ('DE', 'CN') OR ${mayCrossBorderSql(companyAlias, cityAlias)})`;
}

/** What is missing for a company's data to cross, as an error code the API names. */
export type CrossBorderRefusalCode = 'china_transfer_consent_required' | 'transfer_basis_required';

export function refusalCodeFor(country: string): CrossBorderRefusalCode {
  return country === 'DE' ? 'china_transfer_consent_required' : 'transfer_basis_required';
}
