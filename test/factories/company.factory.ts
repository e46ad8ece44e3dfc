import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { profileFields } from '../../src/companies/company-fields';
import { validUntil } from '../../src/companies/company-lifecycle.service';
import { CompanyStatus } from '../../src/companies/company-status';
import { Company } from '../../src/companies/company.entity';
import { CooperationType, OrganisationType } from '../../src/companies/cooperation-type';
import { CHINA_TRANSFER_CONSENT_VERSION, PRIVACY_POLICY_VERSION } from '../../src/companies/consent-terms';
import { CompanyProfileDto, RegisterCompanyDto } from '../../src/companies/dto/register-company.dto';
import { plainToInstance } from 'class-transformer';

let sequence = 0;

/** A complete, valid registration body for a Bad Homburg SME; override any part. */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const unique = `${Date.now().toString(36)}${sequence}`;
  return {
    legalName: `Hartmann Sensorik ${unique} GmbH`,
    organisationType: OrganisationType.Company,
    address: { street: 'Louisenstraße 12', postcode: '61348', municipality: 'Bad Homburg v. d. Höhe' },
    website: 'https://hartmann-sensorik.example',
    foundingYear: 1998,
    description: 'Wir entwickeln Sensoren für die Industrieautomation.',
    size: { staffHeadcount: 42, annualTurnoverEur: 8_500_000 },
    sectors: ['26.51', '28'],
    offers: { types: [CooperationType.TechnologyLicensing, CooperationType.Supplier], text: 'Drucksensoren und Messtechnik für Maschinenbauer' },
    seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner in Guangdong für unsere Sensorsysteme' },
    keywords: ['Sensorik', 'Messtechnik'],
    targetMarkets: { countries: ['CN'], regions: ['CN-GD'], cities: ['foshan'] },
    languages: ['de', 'en'],
    preferredLanguage: 'de',
    contact: { name: 'Julia Hartmann', role: 'Geschäftsführerin', email: `julia.${unique}@hartmann.example`, phone: '+49 6172 12345' },
    anonymous: false,
    consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION },
    ...overrides,
  };
}

export interface CrossBorderOptions {
  /** A German company's consent to the transfer to China (current version); given unless false. */
  chinaTransferConsent?: boolean;
  /** A Chinese company's legal basis for sending its data to Germany; standard_contract unless given (null: none recorded). */
  transferBasis?: string | null;
}

/**
 * An active profile written straight to the database (for tests about what others see). By default its data may
 * cross the German-Chinese border; the cross-border specs say otherwise where it matters.
 */
export async function createActiveCompany(app: INestApplication, overrides: Record<string, unknown> = {}, citySlug?: string, crossBorder: CrossBorderOptions = {}): Promise<Company> {
  const dataSource = app.get(DataSource);
  const body = registrationBody(overrides);
  const profile = plainToInstance(RegisterCompanyDto, body) as CompanyProfileDto;
  const city = await dataSource.getRepository(City).findOneByOrFail({ slug: citySlug ?? 'bad-homburg' });
  const now = new Date();
  const company = await dataSource.getRepository(Company).save(
    dataSource.getRepository(Company).create({
      ...profileFields(profile, city, profile.address.municipality),
      status: CompanyStatus.Active,
      activatedAt: now,
      expiresAt: validUntil(now),
    }),
  );
  company.city = city;
  if (city.country === 'DE' && crossBorder.chinaTransferConsent !== false) {
    await dataSource.query(`INSERT INTO company_consents (company_id, kind, version) VALUES ($1, 'china_transfer', $2)`, [company.id, CHINA_TRANSFER_CONSENT_VERSION]);
  }
  if (city.country === 'CN') {
    const basis = crossBorder.transferBasis === undefined ? 'standard_contract' : crossBorder.transferBasis;
    await dataSource.query(`UPDATE companies SET transfer_basis = $2 WHERE id = $1`, [company.id, basis]);
  }
  return company;
}
