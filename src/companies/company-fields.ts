import { EntityManager } from 'typeorm';
import { City } from '../cities/city.entity';
import { naceLineage } from '../nace/nace';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';
import { CompanyProfileDto } from './dto/register-company.dto';
import { pinyinKey, searchableText } from './search-text';
import { classifySme } from './sme-class';
import { nameSkeleton } from '../common/names';

/** Two legal names are the same when they look the same: see nameSkeleton. */
export function legalNameKey(legalName: string): string {
  return nameSkeleton(legalName);
}

/** Search text from what other companies may see: an anonymous profile is not findable by its name. */
export function searchFields(company: Pick<Company, 'legalName' | 'anonymous' | 'keywords' | 'description' | 'offersText' | 'seeksText'>) {
  const primary = [...(company.anonymous ? [] : [company.legalName]), ...company.keywords];
  const secondary = [company.description, company.offersText, company.seeksText];
  return {
    searchPrimary: searchableText(primary),
    searchSecondary: searchableText(secondary),
    searchPinyin: pinyinKey([...primary, ...secondary]),
    searchOffers: searchableText([company.offersText, ...company.keywords]),
  };
}

/** The stored profile fields of a validated profile in a resolved member city; derived values are computed, never typed in. */
export function profileFields(profile: CompanyProfileDto, city: City, municipality: string): Partial<Company> {
  const fields: Partial<Company> = {
    legalName: profile.legalName,
    legalNameKey: legalNameKey(profile.legalName),
    organisationType: profile.organisationType,
    street: profile.address.street,
    postcode: profile.address.postcode,
    municipality,
    cityId: city.id,
    website: profile.website ?? null,
    foundingYear: profile.foundingYear ?? null,
    description: profile.description ?? '',
    staffHeadcount: profile.size.staffHeadcount,
    annualTurnoverEur: profile.size.annualTurnoverEur ?? null,
    balanceSheetTotalEur: profile.size.balanceSheetTotalEur ?? null,
    smeClass: classifySme(profile.size),
    naceCodes: profile.sectors,
    nacePaths: [...new Set(profile.sectors.flatMap(naceLineage))],
    offersTypes: profile.offers.types,
    offersText: profile.offers.text,
    seeksTypes: profile.seeks.types,
    seeksText: profile.seeks.text,
    keywords: profile.keywords,
    targetCountries: profile.targetMarkets.countries,
    targetRegions: profile.targetMarkets.regions,
    targetCities: profile.targetMarkets.cities,
    languages: profile.languages,
    preferredLanguage: profile.preferredLanguage,
    contactName: profile.contact.name,
    contactRole: profile.contact.role ?? null,
    contactEmail: profile.contact.email,
    contactPhone: profile.contact.phone ?? null,
    anonymous: profile.anonymous,
  };
  return { ...fields, ...searchFields(fields as Company) };
}

/** A live profile with the same contact email, or the same legal name in the same member city (whichever spelling of the municipality). */
export interface Duplicate {
  company: Company;
  /** The contact email is on file (it wins), or the legal name in the same member city. */
  matchedBy: 'email' | 'name';
}

/** The profile on file that a new registration would duplicate, if any. */
export async function findDuplicate(manager: EntityManager, profile: CompanyProfileDto, city: City): Promise<Duplicate | null> {
  const found = await manager
    .getRepository(Company)
    .createQueryBuilder('company')
    .where('company.status <> :erased', { erased: CompanyStatus.Erased })
    .andWhere('(company.contactEmail = :email OR (company.legalNameKey = :nameKey AND company.cityId = :cityId))', {
      email: profile.contact.email,
      nameKey: legalNameKey(profile.legalName),
      cityId: city.id,
    })
    .getMany();
  const byEmail = found.find((company) => company.contactEmail === profile.contact.email);
  if (byEmail) return { company: byEmail, matchedBy: 'email' };
  return found.length > 0 ? { company: found[0], matchedBy: 'name' } : null;
}

/** For officers' imports, which may say so: whether such a profile is on file. */
export async function isDuplicate(manager: EntityManager, profile: CompanyProfileDto, city: City): Promise<boolean> {
  return (await findDuplicate(manager, profile, city)) !== null;
}
