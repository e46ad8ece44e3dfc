import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocalizedNames } from '../../cities/dto/city.response';
import { City } from '../../cities/city.entity';
import { naceTitles } from '../../nace/nace';
import { CompanyConsent } from '../company-consent.entity';
import { CompanyStatus } from '../company-status';
import { Company } from '../company.entity';
import { CooperationType, OrganisationType } from '../cooperation-type';
import { SmeClass } from '../sme-class';

export class CompanyCityResponse {
  @ApiProperty({ example: 'bad-homburg' })
  slug: string;

  @ApiProperty({ type: LocalizedNames })
  names: LocalizedNames;

  @ApiProperty({ example: 'DE' })
  country: string;

  @ApiProperty({ example: 'DE-HE' })
  regionCode: string;
}

export class SectorResponse {
  @ApiProperty({ example: '28.14' })
  code: string;

  @ApiProperty({ type: LocalizedNames, description: 'Titles of the code, or of its division for groups and classes.' })
  titles: LocalizedNames;
}

export class CooperationResponse {
  @ApiProperty({ enum: CooperationType, isArray: true })
  types: CooperationType[];

  @ApiProperty()
  text: string;
}

export class TargetMarketsResponse {
  @ApiProperty({ type: [String] })
  countries: string[];

  @ApiProperty({ type: [String] })
  regions: string[];

  @ApiProperty({ type: [String] })
  cities: string[];
}

/** What anyone may see of an active profile: no contact data; an anonymous profile without name and website. */
export class PublicCompanyResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null while the profile is anonymous.' })
  name: string | null;

  @ApiProperty()
  anonymous: boolean;

  @ApiProperty({ enum: OrganisationType })
  organisationType: OrganisationType;

  @ApiProperty({ type: CompanyCityResponse })
  city: CompanyCityResponse;

  @ApiProperty({ type: String, nullable: true })
  website: string | null;

  @ApiProperty({ type: Number, nullable: true })
  foundingYear: number | null;

  @ApiProperty()
  description: string;

  @ApiProperty({ enum: SmeClass, description: 'EU SME class computed from the size figures.' })
  smeClass: SmeClass;

  @ApiProperty({ type: [SectorResponse] })
  sectors: SectorResponse[];

  @ApiProperty({ type: CooperationResponse })
  offers: CooperationResponse;

  @ApiProperty({ type: CooperationResponse })
  seeks: CooperationResponse;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ type: TargetMarketsResponse })
  targetMarkets: TargetMarketsResponse;

  @ApiProperty({ type: [String] })
  languages: string[];

  @ApiProperty()
  preferredLanguage: string;
}

export class ContactResponse {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  role: string | null;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

export class ConsentResponse {
  @ApiProperty({ enum: ['privacy_policy', 'china_transfer'] })
  kind: string;

  @ApiProperty()
  version: string;

  @ApiProperty()
  givenAt: Date;

  @ApiProperty({ type: Date, nullable: true })
  withdrawnAt: Date | null;
}

/** The whole profile, for the company itself and for officers. */
export class CompanyProfileResponse extends PublicCompanyResponse {
  @ApiProperty()
  legalName: string;

  @ApiProperty({ enum: CompanyStatus })
  status: CompanyStatus;

  @ApiProperty({ example: { street: 'Louisenstraße 12', postcode: '61348', municipality: 'Bad Homburg v. d. Höhe' } })
  address: { street: string; postcode: string; municipality: string };

  @ApiProperty({ example: { staffHeadcount: 42, annualTurnoverEur: 8500000, balanceSheetTotalEur: null } })
  size: { staffHeadcount: number; annualTurnoverEur: number | null; balanceSheetTotalEur: number | null };

  @ApiProperty({ type: ContactResponse })
  contact: ContactResponse;

  @ApiProperty({ type: [ConsentResponse] })
  consents: ConsentResponse[];

  @ApiPropertyOptional({ type: String, nullable: true })
  rejectionReason: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A new login address waiting for confirmation by the link sent to it; shown to the company itself.' })
  pendingContactEmail?: string | null;

  @ApiProperty({ type: Date, nullable: true })
  expiresAt: Date | null;

  @ApiProperty()
  createdAt: Date;
}

function toCityResponse(city: City): CompanyCityResponse {
  return { slug: city.slug, names: { de: city.nameDe, en: city.nameEn, zh: city.nameZh }, country: city.country, regionCode: city.regionCode };
}

function toSectors(codes: string[]): SectorResponse[] {
  return codes.map((code) => ({ code, titles: naceTitles(code) ?? { de: code, en: code, zh: code } }));
}

export function toPublicCompanyResponse(company: Company, revealIdentity = !company.anonymous): PublicCompanyResponse {
  return {
    id: company.id,
    name: revealIdentity ? company.legalName : null,
    anonymous: company.anonymous,
    organisationType: company.organisationType,
    city: toCityResponse(company.city),
    website: revealIdentity ? company.website : null,
    foundingYear: company.foundingYear,
    description: company.description,
    smeClass: company.smeClass,
    sectors: toSectors(company.naceCodes),
    offers: { types: company.offersTypes, text: company.offersText },
    seeks: { types: company.seeksTypes, text: company.seeksText },
    keywords: company.keywords,
    targetMarkets: { countries: company.targetCountries, regions: company.targetRegions, cities: company.targetCities },
    languages: company.languages,
    preferredLanguage: company.preferredLanguage,
  };
}

export function toCompanyProfileResponse(company: Company, consents: CompanyConsent[]): CompanyProfileResponse {
  return {
    ...toPublicCompanyResponse(company, true),
    legalName: company.legalName,
    status: company.status,
    address: { street: company.street, postcode: company.postcode, municipality: company.municipality },
    size: { staffHeadcount: company.staffHeadcount, annualTurnoverEur: company.annualTurnoverEur, balanceSheetTotalEur: company.balanceSheetTotalEur },
    contact: { name: company.contactName ?? '', role: company.contactRole, email: company.contactEmail ?? '', phone: company.contactPhone },
    consents: consents.map(({ kind, version, givenAt, withdrawnAt }) => ({ kind, version, givenAt, withdrawnAt })),
    rejectionReason: company.rejectionReason,
    expiresAt: company.expiresAt,
    createdAt: company.createdAt,
  };
}
