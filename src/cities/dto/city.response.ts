import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { City } from '../city.entity';
import { COUNTRY_CODES, CountryCode } from '../country';
import { IntroductionRouting, OfficeContact } from '../office-contact.entity';
import { Region } from '../region.entity';

export class LocalizedNames {
  @ApiProperty({ example: 'Köln' })
  de: string;

  @ApiProperty({ example: 'Cologne' })
  en: string;

  @ApiProperty({ type: String, nullable: true, example: '科隆' })
  zh: string | null;
}

export class RegionResponse {
  @ApiProperty({ example: 'CN-GD', description: 'ISO 3166-2 code of the federal state or province.' })
  code: string;

  @ApiProperty({ type: LocalizedNames })
  names: LocalizedNames;
}

export class OfficeContactResponse {
  @ApiProperty({ example: 'Wirtschaftsförderung / Business Development, Magistrat der Stadt Bad Homburg v.d.Höhe' })
  officeName: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Stefan Wolf' })
  contactPerson: string | null;

  @ApiProperty({ example: 'stefan.wolf@bad-homburg.de' })
  email: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+49 6172 100-1320' })
  phone: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  postalAddress: string | null;

  @ApiProperty({ example: 'de', description: 'ISO 639-1 language the office prefers for correspondence.' })
  preferredLanguage: string;

  @ApiProperty({ enum: IntroductionRouting, description: 'Whether introductions go to the company with the office in copy, or to the office, which forwards them.' })
  introductionRouting: IntroductionRouting;

  @ApiProperty({ description: "Whether the city's officers approve introductions to its companies before they go out." })
  approvesIntroductions: boolean;
}

export class CityResponse {
  @ApiProperty({ example: 'ruesselsheim-raunheim-kelsterbach' })
  slug: string;

  @ApiProperty({ type: LocalizedNames })
  names: LocalizedNames;

  @ApiProperty({ enum: COUNTRY_CODES })
  country: CountryCode;

  @ApiProperty({ type: RegionResponse })
  region: RegionResponse;

  @ApiProperty({ description: 'True for the city this installation serves (HOME_CITY).' })
  isHomeCity: boolean;

  @ApiProperty({ type: [String], description: 'Towns the member covers and other names it is found by.', example: ['Rüsselsheim am Main', 'Raunheim', 'Kelsterbach'] })
  municipalities: string[];

  @ApiProperty({ enum: ['maintained', 'missing'], description: '"missing" until an officer enters the economic development office contact.' })
  officeContactStatus: 'maintained' | 'missing';

  @ApiProperty({ type: OfficeContactResponse, nullable: true })
  officeContact: OfficeContactResponse | null;
}

function toRegionResponse(region: Region): RegionResponse {
  return { code: region.code, names: { de: region.nameDe, en: region.nameEn, zh: region.nameZh } };
}

function toOfficeContactResponse(contact: OfficeContact): OfficeContactResponse {
  return {
    officeName: contact.officeName,
    contactPerson: contact.contactPerson,
    email: contact.email,
    phone: contact.phone,
    postalAddress: contact.postalAddress,
    preferredLanguage: contact.preferredLanguage,
    introductionRouting: contact.introductionRouting,
    approvesIntroductions: contact.approvesIntroductions,
  };
}

export function toCityResponse(city: City, homeCitySlug: string): CityResponse {
  return {
    slug: city.slug,
    names: { de: city.nameDe, en: city.nameEn, zh: city.nameZh },
    country: city.country,
    region: toRegionResponse(city.region),
    isHomeCity: city.slug === homeCitySlug,
    municipalities: city.municipalities.map((municipality) => municipality.name).sort((a, b) => a.localeCompare(b, 'de')),
    officeContactStatus: city.officeContact ? 'maintained' : 'missing',
    officeContact: city.officeContact ? toOfficeContactResponse(city.officeContact) : null,
  };
}
