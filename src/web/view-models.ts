import { localizedCityName } from '../cities/city-names';
import { Company } from '../companies/company.entity';
import { CooperationType } from '../companies/cooperation-type';
import { ORGANISATION_TYPE_LABELS } from '../companies/organisation-labels';
import { UiLanguage } from '../common/language';
import { cooperationLabel } from '../matching/suggestion-reasons';
import { naceTitles } from '../nace/nace';
import { translate } from './i18n/texts';

export const cityName = localizedCityName;

export function languageNames(codes: string[], language: UiLanguage): string {
  const names = new Intl.DisplayNames([language], { type: 'language' });
  return codes.map((code) => names.of(code) ?? code).join(', ');
}

export function cooperationLabels(types: CooperationType[], language: UiLanguage): string[] {
  return types.map((type) => cooperationLabel(type, language));
}

/** What pages show of a profile to anyone: never its contact person; no name or website when anonymous. */
export function publicCompanyView(company: Company, language: UiLanguage) {
  return {
    id: company.id,
    name: company.anonymous ? translate(language, 'profile.anonymous') : company.legalName,
    anonymous: company.anonymous,
    cityName: cityName(company.city, language),
    country: company.city.country,
    organisationType: ORGANISATION_TYPE_LABELS[language][company.organisationType],
    smeClass: translate(language, `sme.${company.smeClass}`),
    sectors: company.naceCodes.map((code) => `${code} ${naceTitles(code)?.[language] ?? ''}`.trim()),
    offersTypes: cooperationLabels(company.offersTypes, language),
    offersText: company.offersText,
    seeksTypes: cooperationLabels(company.seeksTypes, language),
    seeksText: company.seeksText,
    description: company.description,
    languages: languageNames(company.languages, language),
    website: company.anonymous ? null : company.website,
    foundingYear: company.foundingYear,
  };
}
