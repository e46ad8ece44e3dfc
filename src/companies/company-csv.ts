import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { FieldError, toFieldErrors } from '../common/validation';
import { TransferBasis } from './cross-border-policy';
import { RegisterCompanyDto } from './dto/register-company.dto';

/** The documented header of the import file; lists inside a cell are separated by "|". */
export const IMPORT_COLUMNS = [
  'legal_name',
  'organisation_type',
  'street',
  'postcode',
  'municipality',
  'website',
  'founding_year',
  'description',
  'staff_headcount',
  'annual_turnover_eur',
  'balance_sheet_total_eur',
  'sectors',
  'offers_types',
  'offers_text',
  'seeks_types',
  'seeks_text',
  'keywords',
  'target_countries',
  'target_regions',
  'target_cities',
  'languages',
  'preferred_language',
  'contact_name',
  'contact_role',
  'contact_email',
  'contact_phone',
  'anonymous',
  'privacy_policy_version',
  'china_transfer_version',
  'transfer_basis',
  'legal_basis',
] as const;

export const REQUIRED_IMPORT_COLUMNS = ['legal_name', 'organisation_type', 'street', 'postcode', 'municipality', 'staff_headcount', 'sectors', 'languages', 'preferred_language', 'contact_name', 'contact_email', 'privacy_policy_version'];

type Row = Record<string, string>;

export class CsvFormatError extends Error {}

/** Parses UTF-8 CSV with comma or semicolon separators, with or without Excel's BOM. */
export function parseImportCsv(csv: string): Row[] {
  let rows: Row[];
  try {
    rows = parse(csv, { bom: true, columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), delimiter: [';', ','], skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new CsvFormatError(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const missing = REQUIRED_IMPORT_COLUMNS.filter((column) => !header.includes(column));
  if (rows.length === 0) throw new CsvFormatError('The file has no data rows.');
  if (missing.length > 0) throw new CsvFormatError(`The header lacks the columns: ${missing.join(', ')}.`);
  const unknown = header.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) throw new CsvFormatError(`Unknown columns: ${unknown.join(', ')}.`);
  return rows;
}

const list = (cell: string | undefined) => (cell ? cell.split('|').map((item) => item.trim()).filter(Boolean) : []);
const optional = (cell: string | undefined) => (cell ? cell : undefined);
const number = (cell: string | undefined) => (cell ? (/^-?\d+$/.test(cell) ? Number(cell) : cell) : undefined);

// DTO field paths back to the column an officer sees in the file.
const COLUMN_OF_FIELD: Record<string, string> = {
  legalName: 'legal_name',
  organisationType: 'organisation_type',
  'address.street': 'street',
  'address.postcode': 'postcode',
  'address.municipality': 'municipality',
  website: 'website',
  foundingYear: 'founding_year',
  description: 'description',
  'size.staffHeadcount': 'staff_headcount',
  'size.annualTurnoverEur': 'annual_turnover_eur',
  'size.balanceSheetTotalEur': 'balance_sheet_total_eur',
  sectors: 'sectors',
  'offers.types': 'offers_types',
  'offers.text': 'offers_text',
  'seeks.types': 'seeks_types',
  'seeks.text': 'seeks_text',
  keywords: 'keywords',
  'targetMarkets.countries': 'target_countries',
  'targetMarkets.regions': 'target_regions',
  'targetMarkets.cities': 'target_cities',
  languages: 'languages',
  preferredLanguage: 'preferred_language',
  'contact.name': 'contact_name',
  'contact.role': 'contact_role',
  'contact.email': 'contact_email',
  'contact.phone': 'contact_phone',
  anonymous: 'anonymous',
  'consent.privacyPolicyVersion': 'privacy_policy_version',
  'consent.chinaTransferVersion': 'china_transfer_version',
};

export function columnOf(field: string): string {
  const base = field.replace(/\[\d+\]$/, '');
  return COLUMN_OF_FIELD[base] ?? field;
}

/** One row as a registration, validated exactly like POST /api/companies. */
export function rowToRegistration(row: Row): { registration?: RegisterCompanyDto; errors: FieldError[] } {
  const plain = {
    legalName: row.legal_name,
    organisationType: row.organisation_type,
    address: { street: row.street, postcode: row.postcode, municipality: row.municipality },
    website: optional(row.website),
    foundingYear: number(row.founding_year),
    description: optional(row.description),
    size: { staffHeadcount: number(row.staff_headcount), annualTurnoverEur: number(row.annual_turnover_eur), balanceSheetTotalEur: number(row.balance_sheet_total_eur) },
    sectors: list(row.sectors),
    offers: { types: list(row.offers_types), text: row.offers_text ?? '' },
    seeks: { types: list(row.seeks_types), text: row.seeks_text ?? '' },
    keywords: list(row.keywords),
    targetMarkets: { countries: list(row.target_countries), regions: list(row.target_regions), cities: list(row.target_cities) },
    languages: list(row.languages),
    preferredLanguage: row.preferred_language,
    contact: { name: row.contact_name, role: optional(row.contact_role), email: row.contact_email, phone: optional(row.contact_phone) },
    anonymous: ['true', 'yes', 'ja', '1'].includes((row.anonymous ?? '').toLowerCase()),
    consent: { privacyPolicyVersion: row.privacy_policy_version, chinaTransferVersion: optional(row.china_transfer_version) },
  };
  const registration = plainToInstance(RegisterCompanyDto, plain);
  const errors = toFieldErrors(validateSync(registration, { whitelist: true, forbidNonWhitelisted: true })).map((error) => ({ field: columnOf(error.field), message: error.message }));
  return errors.length > 0 ? { errors } : { registration, errors };
}

const TRANSFER_BASES = Object.values(TransferBasis) as string[];

/**
 * The legal basis on which an organisation in a Chinese member city has its data sent to Germany (PIPL Art. 38-39):
 * required for such rows; a German organisation's transfer to China rests on its own consent (china_transfer_version).
 */
export function transferBasisOf(row: Row, country: string): { basis: TransferBasis | null; error?: FieldError } {
  const cell = (row.transfer_basis ?? '').toLowerCase();
  if (country !== 'CN') {
    return cell ? { basis: null, error: { field: 'transfer_basis', message: 'transfer_basis is only for organisations in Chinese member cities; leave it empty.' } } : { basis: null };
  }
  if (!TRANSFER_BASES.includes(cell)) {
    return { basis: null, error: { field: 'transfer_basis', message: `transfer_basis must be one of: ${TRANSFER_BASES.join(', ')} (the legal basis for sending the data from China to Germany)` } };
  }
  return { basis: cell as TransferBasis };
}
