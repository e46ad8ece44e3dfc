import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { City } from '../../cities/city.entity';
import { Region } from '../../cities/region.entity';
import { Company } from '../../companies/company.entity';
import { CooperationType, OrganisationType } from '../../companies/cooperation-type';
import { ORGANISATION_TYPE_LABELS } from '../../companies/organisation-labels';
import { UiLanguage } from '../../common/language';
import { cooperationLabel } from '../../matching/suggestion-reasons';
import { naceSectionOf, naceTitles } from '../../nace/nace';
import { NACE_DIVISIONS, NACE_SECTIONS } from '../../nace/nace-rev2.data';
import { cityName } from '../view-models';

/** The form's fields, named by their path in the profile DTO. */
export const PROFILE_FIELDS = [
  'legalName',
  'organisationType',
  'address.street',
  'address.postcode',
  'address.municipality',
  'website',
  'foundingYear',
  'description',
  'size.staffHeadcount',
  'size.annualTurnoverEur',
  'size.balanceSheetTotalEur',
  'sectors',
  'offers.types',
  'offers.text',
  'seeks.types',
  'seeks.text',
  'keywords',
  'targetMarkets.countries',
  'targetMarkets.regions',
  'targetMarkets.cities',
  'languages',
  'preferredLanguage',
  'contact.name',
  'contact.role',
  'contact.email',
  'contact.phone',
  'anonymous',
  'consent.privacyPolicyVersion',
  'consent.chinaTransferVersion',
] as const;

const LIST_FIELDS = new Set(['sectors', 'offers.types', 'seeks.types', 'targetMarkets.countries', 'targetMarkets.regions', 'targetMarkets.cities', 'languages']);
const NUMBER_FIELDS = new Set(['foundingYear', 'size.staffHeadcount', 'size.annualTurnoverEur', 'size.balanceSheetTotalEur']);
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
export const FORM_LANGUAGES = ['de', 'en', 'zh', 'fr', 'it', 'es', 'ja', 'ko', 'ru', 'pl', 'tr', 'nl'];

export type FormBody = Record<string, string | string[] | undefined>;
export type FieldErrors = Record<string, string>;

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : ([] as string[]).concat(value).filter((item) => item !== ''));
const asText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** The posted form as the nested object the DTO expects: lists, numbers and booleans from their text. */
export function profileFromForm(body: FormBody, consentVersions: { privacy: string; china: string }): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    const raw = body[field];
    let value: unknown;
    if (LIST_FIELDS.has(field)) value = asList(raw);
    else if (NUMBER_FIELDS.has(field)) value = asText(raw) === '' ? undefined : Number(asText(raw).replace(/[\s.,'’]/g, ''));
    else if (field === 'anonymous') value = asText(raw) === 'on';
    else if (field === 'keywords') value = asText(raw).split(/[,，、]/).map((keyword) => keyword.trim()).filter(Boolean);
    else if (field === 'consent.privacyPolicyVersion') value = asText(raw) === 'on' ? consentVersions.privacy : undefined;
    else if (field === 'consent.chinaTransferVersion') value = asText(raw) === 'on' ? consentVersions.china : undefined;
    else value = asText(raw) === '' && !['legalName', 'address.street', 'address.postcode', 'address.municipality', 'offers.text', 'seeks.text', 'contact.name', 'contact.email'].includes(field) ? undefined : asText(raw);
    setPath(profile, field, value);
  }
  return profile;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) return;
  let node = target;
  for (const segment of segments.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
  if (value !== undefined) node[segments[segments.length - 1]] = value;
}

/** Validates with the DTO's own rules; each field's first problem as a text key. */
export async function validateForm<T extends object>(dtoClass: new () => T, plain: Record<string, unknown>): Promise<{ dto: T; errors: FieldErrors }> {
  const dto = plainToInstance(dtoClass, plain);
  const errors: FieldErrors = {};
  collect(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }), '', errors);
  return { dto, errors };
}

function collect(validationErrors: ValidationError[], parent: string, into: FieldErrors): void {
  for (const error of validationErrors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const constraint = Object.keys(error.constraints ?? {})[0];
    if (constraint && !into[fieldOf(path)]) into[fieldOf(path)] = messageKeyOf(constraint, path);
    collect(error.children ?? [], /^\d+$/.test(error.property) ? parent : path, into);
  }
}

/** sectors[2] and sectors.2 are the sectors field. */
export function fieldOf(path: string): string {
  return path.replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
}

function messageKeyOf(constraint: string, path: string): string {
  if (['isNotEmpty', 'isDefined', 'arrayMinSize', 'arrayNotEmpty'].includes(constraint)) return 'validation.required';
  if (constraint === 'minLength') return 'validation.tooShort';
  if (['maxLength', 'arrayMaxSize'].includes(constraint)) return 'validation.tooLong';
  if (constraint === 'isEmail') return 'validation.email';
  if (['isInt', 'isNumber', 'min', 'max'].includes(constraint)) return 'validation.number';
  if (['isEnum', 'isIn'].includes(constraint)) return 'validation.choice';
  if (constraint === 'isUrl') return 'validation.url';
  if (constraint === 'matches' && path.endsWith('phone')) return 'validation.phone';
  if (constraint === 'isString' || constraint === 'isArray') return 'validation.required';
  return 'validation.invalid';
}

/** What the form shows again: the values as typed, or those of a stored profile. */
export function valuesFromForm(body: FormBody): Record<string, string | string[]> {
  return Object.fromEntries(PROFILE_FIELDS.map((field) => [field, LIST_FIELDS.has(field) ? asList(body[field]) : asText(body[field])]));
}

export function valuesFromCompany(company: Company): Record<string, string | string[]> {
  return {
    legalName: company.legalName,
    organisationType: company.organisationType,
    'address.street': company.street,
    'address.postcode': company.postcode,
    'address.municipality': company.municipality,
    website: company.website ?? '',
    foundingYear: company.foundingYear?.toString() ?? '',
    description: company.description,
    'size.staffHeadcount': company.staffHeadcount.toString(),
    'size.annualTurnoverEur': company.annualTurnoverEur?.toString() ?? '',
    'size.balanceSheetTotalEur': company.balanceSheetTotalEur?.toString() ?? '',
    sectors: company.naceCodes,
    'offers.types': company.offersTypes,
    'offers.text': company.offersText,
    'seeks.types': company.seeksTypes,
    'seeks.text': company.seeksText,
    keywords: company.keywords.join(', '),
    'targetMarkets.countries': company.targetCountries,
    'targetMarkets.regions': company.targetRegions,
    'targetMarkets.cities': company.targetCities,
    languages: company.languages,
    preferredLanguage: company.preferredLanguage,
    'contact.name': company.contactName ?? '',
    'contact.role': company.contactRole ?? '',
    'contact.email': company.contactEmail ?? '',
    'contact.phone': company.contactPhone ?? '',
    anonymous: company.anonymous ? 'on' : '',
    'consent.privacyPolicyVersion': '',
    'consent.chinaTransferVersion': '',
  };
}

/** One entry per field for the view: its input name and id, value(s), and the error text key if any. */
export function formFields(values: Record<string, string | string[]>, errors: FieldErrors) {
  return Object.fromEntries(
    PROFILE_FIELDS.map((field) => {
      const value = values[field] ?? (LIST_FIELDS.has(field) ? [] : '');
      return [field.replace(/\./g, '_'), { name: field, id: field.replace(/\./g, '-'), value, error: errors[field] ?? null }];
    }),
  );
}

/** The choices of the form's lists, in the reader's language, with what is selected marked. */
export function formChoices(language: UiLanguage, values: Record<string, string | string[]>, cities: City[], regions: Region[]) {
  const selected = (field: string, value: string) => ([] as string[]).concat(values[field] ?? []).includes(value);
  const regionName = (region: Region) => ({ de: region.nameDe, en: region.nameEn, zh: region.nameZh })[language];
  const languageName = new Intl.DisplayNames([language], { type: 'language' });
  return {
    organisationTypes: Object.values(OrganisationType).map((type) => ({ value: type, label: ORGANISATION_TYPE_LABELS[language][type], selected: values.organisationType === type })),
    offersTypes: Object.values(CooperationType).map((type) => ({ value: type, label: cooperationLabel(type, language), checked: selected('offers.types', type) })),
    seeksTypes: Object.values(CooperationType).map((type) => ({ value: type, label: cooperationLabel(type, language), checked: selected('seeks.types', type) })),
    naceSections: NACE_SECTIONS.map((section) => ({
      label: `${section.code} – ${section.titles[language]}`,
      options: [
        { value: section.code, label: `${section.code} ${section.titles[language]}`, selected: selected('sectors', section.code) },
        ...NACE_DIVISIONS.filter((division) => division.section === section.code).map((division) => ({
          value: division.code,
          label: `${division.code} ${division.titles[language]}`,
          selected: selected('sectors', division.code),
        })),
        // Groups and classes chosen elsewhere (API, import) stay selectable, so an edit keeps them.
        ...([] as string[])
          .concat(values.sectors ?? [])
          .filter((code) => code.includes('.') && naceSectionOf(code) === section.code)
          .map((code) => ({ value: code, label: `${code} ${naceTitles(code)?.[language] ?? ''}`.trim(), selected: true })),
      ],
    })),
    countries: ['DE', 'CN'].map((code) => ({ value: code, label: new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code, checked: selected('targetMarkets.countries', code) })),
    regions: regions.map((region) => ({ value: region.code, label: regionName(region), selected: selected('targetMarkets.regions', region.code) })),
    cities: cities.map((city) => ({ value: city.slug, label: cityName(city, language), selected: selected('targetMarkets.cities', city.slug) })),
    languages: FORM_LANGUAGES.map((code) => ({ value: code, label: languageName.of(code) ?? code, checked: selected('languages', code), selected: values.preferredLanguage === code })),
  };
}
