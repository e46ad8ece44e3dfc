import { City } from '../../src/cities/city.entity';
import { profileFields } from '../../src/companies/company-fields';
import { validUntil } from '../../src/companies/company-lifecycle.service';
import { CompanyStatus } from '../../src/companies/company-status';
import { Company } from '../../src/companies/company.entity';
import { CHINA_TRANSFER_CONSENT_VERSION, PRIVACY_POLICY_VERSION } from '../../src/companies/consent-terms';
import { CooperationType, OrganisationType } from '../../src/companies/cooperation-type';
import { CompanyProfileDto } from '../../src/companies/dto/register-company.dto';
import { LEGAL_FORMS, MEMBER_POPULATION, ROLES, STREETS, SURNAMES } from './data/cities';
import { DESCRIPTIONS, Domain, DOMAINS, MARKETS_SEEN_FROM, OFFER_SENTENCES, ORGANISATION_KIND, SEEK_SENTENCES, Term, TextLanguage } from './data/vocabulary';

/** A member city as the generator needs it (read from the migrated database). */
export interface MemberCity {
  id: string;
  slug: string;
  country: 'DE' | 'CN';
  regionCode: string;
  nameDe: string;
  nameEn: string;
  nameZh: string | null;
}

/** One synthetic profile: the registration the company would have sent, and where it stands now. */
export interface GeneratedProfile {
  index: number;
  city: MemberCity;
  profile: CompanyProfileDto;
  status: CompanyStatus;
  activatedAt: Date;
  expiresAt: Date;
  createdAt: Date;
  chinaTransferConsent: boolean;
}

const DAY = 24 * 3_600_000;

/** mulberry32: small, fast and good enough; every profile has its own stream, so profile i is the same at any scale. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Draw {
  constructor(readonly next: () => number) {}

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let point = this.next() * total;
    for (let index = 0; index < items.length; index += 1) {
      point -= weights[index];
      if (point < 0) return items[index];
    }
    return items[items.length - 1];
  }

  /** Zipf-like (s = 1): the first items are the common ones. */
  zipf<T>(items: readonly T[]): T {
    return this.weighted(items, items.map((_, rank) => 1 / (rank + 1)));
  }

  distinct<T>(items: readonly T[], count: number, weights?: readonly number[]): T[] {
    const pool = [...items];
    const poolWeights = weights ? [...weights] : pool.map(() => 1);
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      const index = this.weighted(pool.map((_, position) => position), poolWeights);
      chosen.push(pool[index]);
      pool.splice(index, 1);
      poolWeights.splice(index, 1);
    }
    return chosen;
  }
}

const OFFER_TYPES: readonly CooperationType[] = Object.values(CooperationType);
// How often profiles offer and seek each kind of cooperation (suppliers and distribution dominate).
const OFFER_WEIGHTS: Record<CooperationType, number> = {
  supplier: 30, manufacturing: 25, distribution: 20, services: 20, technology_licensing: 10, research_cooperation: 8, joint_venture: 5, investment: 3,
};
const SEEK_WEIGHTS: Record<CooperationType, number> = {
  distribution: 40, supplier: 25, joint_venture: 12, research_cooperation: 12, technology_licensing: 10, manufacturing: 10, investment: 8, services: 8,
};
const ORGANISATION_TYPES = [OrganisationType.Company, OrganisationType.ResearchInstitution, OrganisationType.University, OrganisationType.Cluster, OrganisationType.Association];
const ORGANISATION_WEIGHTS = [92, 3, 2, 1.5, 1.5];

const termIn = (term: Term, language: TextLanguage) => term[{ de: 0, en: 1, zh: 2 }[language]];

/** Deterministic synthetic profiles over the member cities of the database, in proportion to their population. */
export class ProfileGenerator {
  private readonly cities: MemberCity[];
  private readonly cityWeights: number[];
  private readonly byCountry: Record<'DE' | 'CN', MemberCity[]>;
  private readonly now = Date.now();

  constructor(
    cities: MemberCity[],
    private readonly seed = 20_261_125,
  ) {
    this.cities = [...cities].sort((a, b) => a.slug.localeCompare(b.slug));
    const known = Object.values(MEMBER_POPULATION).sort((a, b) => a - b);
    const median = known[Math.floor(known.length / 2)];
    this.cityWeights = this.cities.map((city) => MEMBER_POPULATION[city.slug] ?? median);
    this.byCountry = { DE: this.cities.filter((city) => city.country === 'DE'), CN: this.cities.filter((city) => city.country === 'CN') };
  }

  /** Expected share of profiles per country, for the report. */
  countryShares(): Record<string, number> {
    const total = this.cityWeights.reduce((sum, weight) => sum + weight, 0);
    const shares: Record<string, number> = {};
    this.cities.forEach((city, index) => (shares[city.country] = (shares[city.country] ?? 0) + this.cityWeights[index] / total));
    return shares;
  }

  /** Profile number `index`; number 0 is the reference SME of the README (Hartmann Sensorik, Bad Homburg). */
  profile(index: number): GeneratedProfile {
    const draw = new Draw(random(this.seed ^ Math.imul(index + 1, 0x9e3779b1)));
    const city = index === 0 ? this.cities.find((member) => member.slug === 'bad-homburg') ?? this.cities[0] : draw.weighted(this.cities, this.cityWeights);
    const profile = index === 0 ? referenceProfile() : this.randomProfile(draw, city, index);
    const statusRoll = draw.next();
    const status = index === 0 || statusRoll < 0.92 ? CompanyStatus.Active : statusRoll < 0.97 ? CompanyStatus.Paused : CompanyStatus.Expired;
    // Live profiles were approved within the last 10 months, so none is due for a renewal reminder during the run.
    const activatedAt = new Date(this.now - (status === CompanyStatus.Expired ? draw.int(370, 700) : draw.int(1, 300)) * DAY - draw.int(0, DAY - 1));
    return {
      index,
      city,
      profile,
      status,
      activatedAt,
      expiresAt: validUntil(activatedAt),
      createdAt: new Date(activatedAt.getTime() - draw.int(1, 20) * DAY),
      chinaTransferConsent: draw.chance(0.7),
    };
  }

  /** The stored row, every derived column computed by the application's own profileFields(). */
  row(generated: GeneratedProfile): Record<string, unknown> {
    const fields: Partial<Company> = {
      ...profileFields(generated.profile, { id: generated.city.id } as City, generated.profile.address.municipality),
      status: generated.status,
      emailVerifiedAt: generated.createdAt,
      reviewedAt: generated.activatedAt,
      activatedAt: generated.activatedAt,
      expiresAt: generated.expiresAt,
      createdAt: generated.createdAt,
      updatedAt: generated.activatedAt,
    };
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) row[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value instanceof Date ? value.toISOString() : value;
    return row;
  }

  /** A registration body as POST /api/companies receives it (for the write benchmark): unique name and contact email. */
  registrationBody(index: number): Record<string, unknown> {
    const generated = this.profile(index);
    return {
      ...generated.profile,
      consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, ...(generated.chinaTransferConsent ? { chinaTransferVersion: CHINA_TRANSFER_CONSENT_VERSION } : {}) },
    };
  }

  private randomProfile(draw: Draw, city: MemberCity, index: number): CompanyProfileDto {
    const country = city.country;
    const tag = index.toString(36).toUpperCase();
    const languages = country === 'DE' ? ['de', ...(draw.chance(0.85) ? ['en'] : []), ...(draw.chance(0.08) ? ['zh'] : [])] : ['zh', ...(draw.chance(0.75) ? ['en'] : []), ...(draw.chance(0.05) ? ['de'] : [])];
    const textRoll = draw.next();
    const textLanguages: TextLanguage[] =
      country === 'DE' ? (textRoll < 0.65 ? ['de'] : textRoll < 0.95 ? ['en'] : ['de', 'en']) : textRoll < 0.55 ? ['zh'] : textRoll < 0.9 ? ['en'] : ['zh', 'en'];
    for (const language of textLanguages) if (!languages.includes(language)) languages.push(language);
    const preferredLanguage = textLanguages[0] === 'en' && draw.chance(0.5) ? 'en' : languages[0];

    const domain = draw.weighted(DOMAINS, DOMAINS.map((entry) => entry.weight));
    const sectors = this.sectors(draw, domain);
    const offersTypes = draw.distinct(OFFER_TYPES, draw.weighted([1, 2, 3], [50, 35, 15]), OFFER_TYPES.map((type) => OFFER_WEIGHTS[type]));
    const seeksTypes = draw.distinct(OFFER_TYPES, draw.weighted([1, 2, 3], [55, 35, 10]), OFFER_TYPES.map((type) => SEEK_WEIGHTS[type]));
    // Suppliers are sought in a neighbouring domain; everything else is about the company's own products.
    const seekDomain = seeksTypes[0] === CooperationType.Supplier ? draw.weighted(DOMAINS, DOMAINS.map((entry) => entry.weight)) : domain;
    const offerTerms = draw.distinct(domain.terms, 3);
    const seekTerms = draw.distinct(seekDomain.terms, 2);
    const market = draw.pick(MARKETS_SEEN_FROM[country]);
    const years = draw.int(3, 60);
    const sentence = (language: TextLanguage, terms: Term[], build: (fill: { a: string; b: string; c: string; industry: string; market: string; years: number }) => string) =>
      build({ a: termIn(terms[0], language), b: termIn(terms[1] ?? terms[0], language), c: termIn(terms[2] ?? terms[0], language), industry: termIn(domain.industry, language), market: termIn(market, language), years });
    const offersText = textLanguages.map((language) => sentence(language, offerTerms, draw.pick(OFFER_SENTENCES[language]))).join(' ');
    const seeksText = textLanguages.map((language) => sentence(language, seekTerms, SEEK_SENTENCES[language][seeksTypes[0]] ?? SEEK_SENTENCES[language].other)).join(' ');
    const keywords = [...new Set([...draw.distinct(domain.terms, draw.int(2, 4)).map((term) => termIn(term, textLanguages[0])), ...(draw.chance(0.3) ? [termIn(offerTerms[0], 'en')] : [])])].filter((keyword) => keyword.length <= 40);

    const staffHeadcount = this.headcount(draw);
    const annualTurnoverEur = draw.chance(0.8) ? Math.round(staffHeadcount * draw.int(80, 260) * 1_000) : undefined;
    const balanceSheetTotalEur = draw.chance(0.5) ? Math.round(staffHeadcount * draw.int(50, 200) * 1_000) : undefined;
    const organisationType = draw.weighted(ORGANISATION_TYPES, ORGANISATION_WEIGHTS);
    const foundingYear = draw.chance(0.85) ? draw.int(1950, 2023) : undefined;
    const place = textLanguages[0] === 'zh' ? city.nameZh ?? city.nameEn : textLanguages[0] === 'de' ? city.nameDe : city.nameEn;
    const description = DESCRIPTIONS[textLanguages[0]]({ kind: ORGANISATION_KIND[textLanguages[0]][organisationType], place, staff: staffHeadcount, year: foundingYear ?? 2000, offer: offersText.split(/(?<=\.)\s+|(?<=。)/)[0] });

    const mainTerm = offerTerms[0];
    const legalName =
      country === 'DE'
        ? `${draw.pick(SURNAMES.DE)} ${mainTerm[0].replace(/^[a-zäöü]/, (letter) => letter.toUpperCase())} ${tag} ${draw.pick(LEGAL_FORMS.DE)}`
        : `${city.nameZh ?? ''}${draw.pick(SURNAMES.CN_BRAND)}${mainTerm[2]}${draw.pick(LEGAL_FORMS.CN)}（${tag}）`;
    const contactName = country === 'DE' ? `${draw.pick(SURNAMES.DE_GIVEN)} ${draw.pick(SURNAMES.DE)}` : `${draw.pick(SURNAMES.CN)}${draw.pick(SURNAMES.CN_GIVEN)}`;
    const domainName = `${country === 'DE' ? 'firma' : 'company'}-${tag.toLowerCase()}.example`;

    return {
      legalName,
      organisationType,
      address: {
        street: `${draw.pick(STREETS[country])} ${draw.int(1, 250)}${country === 'CN' ? '号' : ''}`,
        postcode: country === 'DE' ? String(draw.int(10_000, 99_999)) : String(draw.int(100_000, 850_000)),
        municipality: country === 'DE' ? city.nameDe : city.nameEn,
      },
      website: draw.chance(0.7) ? `https://www.${domainName}` : undefined,
      foundingYear,
      description,
      size: { staffHeadcount, annualTurnoverEur, balanceSheetTotalEur },
      sectors,
      offers: { types: offersTypes, text: offersText },
      seeks: { types: seeksTypes, text: seeksText },
      keywords,
      targetMarkets: this.targetMarkets(draw, country),
      languages,
      preferredLanguage,
      contact: {
        name: contactName,
        role: draw.pick(ROLES[preferredLanguage as TextLanguage] ?? ROLES.en),
        email: `contact.${tag.toLowerCase()}@${domainName}`,
        phone: country === 'DE' ? `+49 ${draw.int(200, 9999)} ${draw.int(10_000, 999_999)}` : `+86 ${draw.int(20, 999)} ${draw.int(1000, 9999)} ${draw.int(1000, 9999)}`,
      },
      anonymous: draw.chance(0.08),
    };
  }

  /** One to three NACE codes: mostly the main domain's classes, at class, group or division level. */
  private sectors(draw: Draw, domain: Domain): string[] {
    const level = (code: string) => {
      const roll = draw.next();
      return roll < 0.5 ? code : roll < 0.65 ? code.slice(0, 4) : code.slice(0, 2);
    };
    const codes = [level(draw.zipf(domain.classes))];
    if (draw.chance(0.4)) codes.push(level(draw.zipf(domain.classes)));
    if (draw.chance(0.15)) {
      const other = draw.weighted(DOMAINS, DOMAINS.map((entry) => entry.weight));
      codes.push(level(draw.zipf(other.classes)));
    }
    return [...new Set(codes)];
  }

  /** EU SME classes by headcount: about 30% micro, 35% small, 25% medium, 10% large. */
  private headcount(draw: Draw): number {
    const [low, high] = draw.weighted(
      [
        [1, 9],
        [10, 49],
        [50, 249],
        [250, 5_000],
      ] as const,
      [30, 35, 25, 10],
    );
    return Math.round(Math.exp(Math.log(low) + draw.next() * (Math.log(high) - Math.log(low))));
  }

  /** Most profiles keep the default (the other country); some name regions, cities or countries there. */
  private targetMarkets(draw: Draw, country: 'DE' | 'CN'): CompanyProfileDto['targetMarkets'] {
    const other = country === 'DE' ? 'CN' : 'DE';
    const roll = draw.next();
    if (roll < 0.6) return { countries: [], regions: [], cities: [] };
    const cities = this.byCountry[other];
    if (roll < 0.8) return { countries: [], regions: [...new Set(draw.distinct(cities, draw.int(1, 2)).map((city) => city.regionCode))], cities: [] };
    if (roll < 0.92) return { countries: [], regions: [], cities: draw.distinct(cities, draw.int(1, 3)).map((city) => city.slug) };
    return { countries: [other], regions: draw.chance(0.5) ? [draw.pick(cities).regionCode] : [], cities: [] };
  }
}

/** The SME of the README's example: seeks distribution partners in Guangdong for its pressure sensors. */
function referenceProfile(): CompanyProfileDto {
  return {
    legalName: 'Hartmann Sensorik GmbH',
    organisationType: OrganisationType.Company,
    address: { street: 'Louisenstraße 12', postcode: '61348', municipality: 'Bad Homburg v. d. Höhe' },
    website: 'https://hartmann-sensorik.example',
    foundingYear: 1998,
    description: 'Wir entwickeln Sensoren für die Industrieautomation.',
    size: { staffHeadcount: 42, annualTurnoverEur: 8_500_000 },
    sectors: ['26.51', '28'],
    offers: { types: [CooperationType.TechnologyLicensing, CooperationType.Supplier], text: 'Drucksensoren und Messtechnik für Maschinenbauer' },
    seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner in Guangdong für unsere Drucksensoren und Sensoren' },
    keywords: ['Sensorik', 'Messtechnik', 'Drucksensoren'],
    targetMarkets: { countries: ['CN'], regions: ['CN-GD'], cities: ['foshan'] },
    languages: ['de', 'en'],
    preferredLanguage: 'de',
    contact: { name: 'Julia Hartmann', role: 'Geschäftsführerin', email: 'julia.hartmann@hartmann-sensorik.example', phone: '+49 6172 12345' },
    anonymous: false,
  };
}
