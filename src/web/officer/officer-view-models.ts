import { LocalizedNames } from '../../cities/dto/city.response';
import { CompanyProfileResponse, ContactResponse, PublicCompanyResponse } from '../../companies/dto/company.response';
import { ORGANISATION_TYPE_LABELS } from '../../companies/organisation-labels';
import { CrossBorderView } from '../../match-requests/dto/match-request.response';
import { UiLanguage } from '../../common/language';
import { translate } from '../i18n/texts';
import { cooperationLabels, languageNames } from '../view-models';

/** A company as officers see it: the whole public profile with its legal name, and the contact person where the officer may see it. */
export type OfficerCompany = PublicCompanyResponse & { legalName: string; status: string; contact: ContactResponse | null; crossBorder?: CrossBorderView | null };

/** The request card's line on whether the company's data may cross the German-Chinese border, and on what ground. */
export function crossBorderText(state: CrossBorderView | null | undefined, language: UiLanguage): string | null {
  if (!state || !['DE', 'CN'].includes(state.country)) return null;
  if (state.country === 'DE') {
    const consent = state.chinaTransferConsent;
    if (!consent) return translate(language, 'officer.crossBorder.noConsent');
    const date = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : language, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(consent.givenAt));
    return translate(language, consent.current ? 'officer.crossBorder.consent' : 'officer.crossBorder.consentOutdated', { version: consent.version, date });
  }
  const basis = translate(language, `officer.transferBasis.${state.transferBasis ?? 'none'}`);
  return translate(language, state.mayCross ? 'officer.crossBorder.basis' : 'officer.crossBorder.noBasis', { basis });
}

export function localName(names: LocalizedNames, language: UiLanguage): string {
  return names[language] ?? names.de;
}

function countryNames(codes: string[], language: UiLanguage): string {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return codes.map((code) => names.of(code) ?? code).join(', ');
}

/** Everything an officer weighs, in the page's language; values stay text (the templates escape them). */
export function officerCompanyView(company: OfficerCompany, language: UiLanguage, cityNames: Map<string, string>) {
  return {
    id: company.id,
    legalName: company.legalName,
    anonymous: company.anonymous,
    statusKey: `officer.companyStatus.${company.status}`,
    organisationType: ORGANISATION_TYPE_LABELS[language][company.organisationType],
    cityName: localName(company.city.names, language),
    countryName: countryNames([company.city.country], language),
    website: company.website,
    foundingYear: company.foundingYear,
    description: company.description,
    smeClass: translate(language, `sme.${company.smeClass}`),
    sectors: company.sectors.map((sector) => `${sector.code} ${sector.titles[language] ?? ''}`.trim()),
    offersTypes: cooperationLabels(company.offers.types, language),
    offersText: company.offers.text,
    seeksTypes: cooperationLabels(company.seeks.types, language),
    seeksText: company.seeks.text,
    keywords: company.keywords.join(', '),
    targetCountries: countryNames(company.targetMarkets.countries, language),
    targetRegions: company.targetMarkets.regions.join(', '),
    targetCities: company.targetMarkets.cities.map((slug) => cityNames.get(slug) ?? slug).join(', '),
    languages: languageNames(company.languages, language),
    preferredLanguage: languageNames([company.preferredLanguage], language),
    contact: company.contact,
    crossBorder: crossBorderText(company.crossBorder, language),
  };
}

/** A profile waiting for review: the company view plus address, size, consents and when it registered. */
export function officerProfileView(profile: CompanyProfileResponse, language: UiLanguage, cityNames: Map<string, string>) {
  return {
    ...officerCompanyView(profile, language, cityNames),
    address: profile.address,
    size: profile.size,
    consents: profile.consents.map((consent) => ({ kindKey: `officer.consent.${consent.kind}`, version: consent.version, givenAt: consent.givenAt, withdrawnAt: consent.withdrawnAt })),
    createdAt: profile.createdAt,
  };
}
