import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { CompanyStatus } from '../companies/company-status';
import { Company } from '../companies/company.entity';
import { CrossBorderCheck } from '../companies/cross-border-check.service';
import { CHINA_TRANSFER_CONSENT_LINK, CrossBorderRefusalCode, refusalCodeFor } from '../companies/cross-border-policy';
import { searchableText } from '../companies/search-text';
import { closestSharedSector, MatchSignals } from './match-signals';
import { MAX_SEEK_TERMS } from './match-weights';
import { CandidateRow, CandidateScope, candidateQuery, MatchSeeker } from './suggestion-query';

export interface CrossBorderNotice {
  code: CrossBorderRefusalCode;
  message: string;
  consentLink: string | null;
}

export interface ScoredCandidate {
  companyId: string;
  score: number;
  signals: MatchSignals;
}

export interface Suggestion extends ScoredCandidate {
  company: Company;
}

// Profiles that may look for partners: a paused one still sees what it would find.
const SEEKING_STATUSES = [CompanyStatus.Active, CompanyStatus.Paused];

/** Partner suggestions and pair scores: the ranking runs in PostgreSQL, the explanation in the reader's language. */
@Injectable()
export class MatchingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly homeCity: HomeCityService,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  /** Why partners on the other side of the German-Chinese border are left out of a company's suggestions, if they are. */
  async crossBorderNotice(companyId: string): Promise<CrossBorderNotice | null> {
    const state = (await this.crossBorder.states(this.dataSource.manager, [companyId])).get(companyId);
    if (!state || state.mayCross || !['DE', 'CN'].includes(state.country)) return null;
    const code = refusalCodeFor(state.country);
    return code === 'china_transfer_consent_required'
      ? { code, message: 'Give the consent to see partners in China: without it, your profile is not shared with Chinese member cities and theirs are not suggested to you.', consentLink: CHINA_TRANSFER_CONSENT_LINK }
      : { code, message: 'No legal basis for sending your data to Germany is recorded (PIPL Art. 38-39): partners in Germany are not suggested until the economic development office records one.', consentLink: null };
  }

  /** For the company itself, or for an officer who may act for it (the home office, or the company's city office). */
  async suggestionsFor(companyId: string, limit: number, officer?: Officer): Promise<Suggestion[]> {
    const seeker = await this.loadSeeker(companyId);
    if (officer) (await this.homeCity.officerScope()).requireActingFor(officer, seeker.cityId);
    if (!SEEKING_STATUSES.includes(seeker.status)) {
      throw new ConflictException({ statusCode: 409, message: `Suggestions appear once the profile is approved; it is ${seeker.status.replace('_', ' ')}.`, status: seeker.status });
    }
    return this.withCompanies(await this.rank(seeker, { kind: 'suggestions' }, limit));
  }

  /** New profiles since a moment that would rank high for a company (the weekly digest). */
  async newMatchesFor(companyId: string, since: Date, minScore: number, limit: number): Promise<Suggestion[]> {
    const seeker = await this.loadSeeker(companyId);
    return this.withCompanies(await this.rank(seeker, { kind: 'suggestions', activatedAfter: since, minScore }, limit));
  }

  /** How well a requester and a target fit, whatever their status; null when either is gone. */
  async scorePair(requesterId: string, targetId: string): Promise<ScoredCandidate | null> {
    const seeker = await this.loadSeeker(requesterId);
    const [scored] = await this.rank(seeker, { kind: 'pair', candidateId: targetId }, 1);
    return scored ?? null;
  }

  private async rank(seeker: MatchSeeker, scope: CandidateScope, limit: number): Promise<ScoredCandidate[]> {
    const { sql, parameters } = candidateQuery(seeker, scope, limit);
    const rows: CandidateRow[] = await this.dataSource.query(sql, parameters);
    return rows.map((row) => ({ companyId: row.id, score: Math.round(row.score * 10) / 10, signals: signalsOf(seeker, row) }));
  }

  private async withCompanies(scored: ScoredCandidate[]): Promise<Suggestion[]> {
    if (scored.length === 0) return [];
    const companies = await this.dataSource.getRepository(Company).find({ where: { id: In(scored.map((entry) => entry.companyId)) }, relations: { city: true } });
    const byId = new Map(companies.map((company) => [company.id, company]));
    return scored.flatMap((entry) => {
      const company = byId.get(entry.companyId);
      return company ? [{ ...entry, company }] : [];
    });
  }

  private async loadSeeker(companyId: string): Promise<MatchSeeker & { status: CompanyStatus }> {
    const company = await this.dataSource.getRepository(Company).findOne({ where: { id: companyId }, relations: { city: true } });
    if (!company || company.status === CompanyStatus.Erased) throw new NotFoundException({ statusCode: 404, message: 'No such company.' });
    return {
      id: company.id,
      status: company.status,
      cityId: company.cityId,
      country: company.city.country,
      seeksTypes: company.seeksTypes,
      offersTypes: company.offersTypes,
      nacePaths: company.nacePaths,
      targetCountries: company.targetCountries,
      targetRegions: company.targetRegions,
      targetCities: company.targetCities,
      languages: company.languages,
      seekTerms: await this.seekTerms(company.seeksText),
      mayCrossBorder: (await this.crossBorder.states(this.dataSource.manager, [company.id])).get(company.id)?.mayCross ?? false,
    };
  }

  /** The stems of the words of a "seeks" text in German and English; a word that is a stop word in either language is left out. */
  private async seekTerms(seeksText: string): Promise<string[]> {
    const words = [...new Set(searchableText([seeksText]).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 2))];
    if (words.length === 0) return [];
    const [{ terms }] = await this.dataSource.query(
      `SELECT coalesce(array_agg(DISTINCT term), '{}') AS terms
         FROM unnest($1::text[]) AS word,
              unnest(tsvector_to_array(to_tsvector('german', word) || to_tsvector('english', word))) AS term
        WHERE to_tsvector('german', word) <> ''::tsvector AND to_tsvector('english', word) <> ''::tsvector`,
      [words],
    );
    return (terms as string[]).slice(0, MAX_SEEK_TERMS);
  }
}

function signalsOf(seeker: MatchSeeker, row: CandidateRow): MatchSignals {
  const cityName = { de: row.city_name_de, en: row.city_name_en, zh: row.city_name_zh ?? row.city_name_de };
  const regionName = { de: row.region_name_de, en: row.region_name_en, zh: row.region_name_zh };
  const countryName = (language: string) => new Intl.DisplayNames([language], { type: 'region' }).of(row.country) ?? row.country;
  const marketName = { city: cityName, region: regionName, country: { de: countryName('de'), en: countryName('en'), zh: countryName('zh') } };
  return {
    seeksOffered: seeker.seeksTypes.filter((type) => row.offers_types.includes(type)),
    offersSought: row.seeks_types.filter((type) => seeker.offersTypes.includes(type)),
    sharedSector: closestSharedSector(seeker.nacePaths, row.nace_paths),
    textCoverage: Math.round(row.text_coverage * 100) / 100,
    market: row.market_level ? { level: row.market_level, name: marketName[row.market_level] } : null,
    candidateRegion: regionName,
    requesterLanguages: seeker.languages,
    candidateLanguages: row.languages,
  };
}
