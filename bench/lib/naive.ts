import type { ClientBase } from 'pg';
import { pinyinQuery, searchableText, searchQueryText } from '../../src/companies/search-text';
import { DirectoryQuery } from '../../src/companies/dto/directory.query';
import { MATCH_WEIGHTS, MAX_SEEK_TERMS } from '../../src/matching/match-weights';
import { PAIR_BLOCKING_STATUSES, scopeCountries } from '../../src/matching/suggestion-query';

/**
 * The naive alternatives an endpoint is compared with: load every candidate into Node and filter, score and sort
 * there. They give the same answers as the application (checked by the benchmark), only the work is in the wrong place.
 */

const W = MATCH_WEIGHTS;
const overlaps = (a: readonly string[], b: ReadonlySet<string>) => a.some((value) => b.has(value));

interface SeekerRow {
  id: string;
  city_id: string;
  country: string;
  seeks_types: string[];
  offers_types: string[];
  nace_paths: string[];
  target_countries: string[];
  target_regions: string[];
  target_cities: string[];
  languages: string[];
  seeks_text: string;
}

interface CandidateRow {
  id: string;
  offers_types: string[];
  seeks_types: string[];
  nace_paths: string[];
  languages: string[];
  offer_terms: string[];
  slug: string;
  region_code: string;
  country: string;
}

/** The suggestions of one company, ranked in Node: returns the ids of the best `limit`, best first. */
export async function naiveSuggestions(client: ClientBase, companyId: string, limit: number): Promise<string[]> {
  const { rows: seekers } = await client.query<SeekerRow>(
    `SELECT c.id, c.city_id, city.country, c.seeks_types::text[] AS seeks_types, c.offers_types::text[] AS offers_types, c.nace_paths,
            c.target_countries, c.target_regions, c.target_cities, c.languages, c.seeks_text
       FROM companies c JOIN cities city ON city.id = c.city_id WHERE c.id = $1`,
    [companyId],
  );
  const seeker = seekers[0];
  // The stems of the "seeks" words, as the application computes them (same statement as MatchingService.seekTerms).
  const words = [...new Set(searchableText([seeker.seeks_text]).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 2))];
  const seekTerms: string[] =
    words.length === 0
      ? []
      : (
          await client.query(
            `SELECT coalesce(array_agg(DISTINCT term), '{}') AS terms
               FROM unnest($1::text[]) AS word,
                    unnest(tsvector_to_array(to_tsvector('german', word) || to_tsvector('english', word))) AS term
              WHERE to_tsvector('german', word) <> ''::tsvector AND to_tsvector('english', word) <> ''::tsvector`,
            [words],
          )
        ).rows[0].terms.slice(0, MAX_SEEK_TERMS);
  const { rows: excludedRows } = await client.query<{ company_id: string }>(
    `SELECT CASE WHEN requester_company_id = $1 THEN target_company_id ELSE requester_company_id END AS company_id
       FROM match_requests WHERE (requester_company_id = $1 OR target_company_id = $1) AND status::text = ANY($2::text[])`,
    [companyId, PAIR_BLOCKING_STATUSES],
  );
  const excluded = new Set(excludedRows.map((row) => row.company_id));
  const countries = scopeCountries({ country: seeker.country, targetCountries: seeker.target_countries, targetRegions: seeker.target_regions, targetCities: seeker.target_cities });
  // Every live profile of the markets in scope, fitting or not: the filtering happens below, in Node.
  const { rows: candidates } = await client.query<CandidateRow>(
    `SELECT c.id, c.offers_types::text[] AS offers_types, c.seeks_types::text[] AS seeks_types, c.nace_paths, c.languages,
            tsvector_to_array(c.offers_vector) AS offer_terms, city.slug, city.region_code, city.country
       FROM companies c JOIN cities city ON city.id = c.city_id
      WHERE c.status = 'active' AND c.expires_at > now() AND c.id <> $1 AND c.city_id <> $2
        AND (city.country = ANY($3::text[]) OR city.slug = ANY($4::text[]) OR city.region_code = ANY($5::text[]))`,
    [companyId, seeker.city_id, countries, seeker.target_cities, seeker.target_regions],
  );
  const seeks = new Set(seeker.seeks_types);
  const offers = new Set(seeker.offers_types);
  const paths = (pattern: RegExp) => new Set(seeker.nace_paths.filter((code) => pattern.test(code)));
  const classes = paths(/^\d{2}\.\d{2}$/);
  const groups = paths(/^\d{2}\.\d$/);
  const divisions = paths(/^\d{2}$/);
  const sections = paths(/^[A-U]$/);
  const terms = new Set(seekTerms);
  const languages = new Set(seeker.languages);
  const cities = new Set(seeker.target_cities);
  const regions = new Set(seeker.target_regions);
  const targetCountries = new Set(seeker.target_countries);
  const scored: Array<{ id: string; score: number }> = [];
  for (const candidate of candidates) {
    if (excluded.has(candidate.id)) continue;
    const seeksOffered = overlaps(candidate.offers_types, seeks);
    const offersSought = overlaps(candidate.seeks_types, offers);
    const hits = terms.size === 0 ? 0 : candidate.offer_terms.filter((term) => terms.has(term)).length;
    if (!seeksOffered && !offersSought && !overlaps(candidate.nace_paths, divisions) && hits === 0) continue;
    const sector = overlaps(candidate.nace_paths, classes)
      ? W.sector.class
      : overlaps(candidate.nace_paths, groups)
        ? W.sector.group
        : overlaps(candidate.nace_paths, divisions)
          ? W.sector.division
          : overlaps(candidate.nace_paths, sections)
            ? W.sector.section
            : 0;
    const coverage = Math.fround(Math.fround(hits) / Math.max(terms.size, 1));
    const market = cities.has(candidate.slug) ? W.market.city : regions.has(candidate.region_code) ? W.market.region : targetCountries.has(candidate.country) ? W.market.country : 0;
    const score = Math.fround(
      (seeksOffered ? W.seeksOffered : 0) + (offersSought ? W.offersSought : 0) + sector + Math.fround(W.text * coverage) + market + (overlaps(candidate.languages, languages) ? 0 : W.noSharedLanguage),
    );
    scored.push({ id: candidate.id, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const best = scored.slice(0, limit).map((entry) => entry.id);
  // The profiles to show, as the application loads them for its answer.
  if (best.length > 0) await client.query(`SELECT c.*, city.* FROM companies c JOIN cities city ON city.id = c.city_id WHERE c.id = ANY($1::uuid[])`, [best]);
  return best;
}

interface DirectoryRow {
  id: string;
  slug: string;
  country: string;
  region_code: string;
  nace_paths: string[];
  offers_types: string[];
  seeks_types: string[];
  sme_class: string;
  languages: string[];
  activated_at: Date;
  lexemes: string[];
  search_pinyin: string;
}

/** A directory page, searched in Node: returns the total and the ids of the page. */
export async function naiveDirectory(client: ClientBase, query: DirectoryQuery): Promise<{ total: number; ids: string[] }> {
  const text = query.q ? searchQueryText(query.q) : null;
  // The query's words as each parser stems them; a profile matches when it has all of them in one language.
  const stems = text
    ? (
        await client.query<{ german: string[]; english: string[] }>(
          `SELECT tsvector_to_array(to_tsvector('german', $1)) AS german, tsvector_to_array(to_tsvector('english', $1)) AS english`,
          [text],
        )
      ).rows[0]
    : null;
  const pinyin = query.q ? pinyinQuery(query.q) : null;
  const { rows } = await client.query<DirectoryRow>(
    `SELECT c.id, city.slug, city.country, city.region_code, c.nace_paths, c.offers_types::text[] AS offers_types, c.seeks_types::text[] AS seeks_types,
            c.sme_class::text AS sme_class, c.languages, c.activated_at, ${text ? 'tsvector_to_array(c.search_vector)' : "'{}'::text[]"} AS lexemes, c.search_pinyin
       FROM companies c JOIN cities city ON city.id = c.city_id
      WHERE c.status = 'active' AND c.expires_at > now()`,
  );
  const matches: Array<{ id: string; rank: number; activatedAt: number }> = [];
  for (const row of rows) {
    if (query.city && row.slug !== query.city) continue;
    if (query.country && row.country !== query.country) continue;
    if (query.region && row.region_code !== query.region) continue;
    if (query.nace && !row.nace_paths.includes(query.nace)) continue;
    if (query.offers && !row.offers_types.includes(query.offers)) continue;
    if (query.seeks && !row.seeks_types.includes(query.seeks)) continue;
    if (query.smeClass && row.sme_class !== query.smeClass) continue;
    if (query.language && !row.languages.includes(query.language)) continue;
    let rank = 0;
    if (stems) {
      const lexemes = new Set(row.lexemes);
      const all = (words: string[]) => words.length > 0 && words.every((word) => lexemes.has(word));
      const pinyinHit = pinyin !== null && row.search_pinyin.includes(pinyin);
      if (!all(stems.german) && !all(stems.english) && !pinyinHit) continue;
      rank = [...stems.german, ...stems.english].filter((word) => lexemes.has(word)).length + (pinyinHit ? 0.05 : 0);
    }
    matches.push({ id: row.id, rank, activatedAt: row.activated_at.getTime() });
  }
  matches.sort((a, b) => b.rank - a.rank || b.activatedAt - a.activatedAt || (a.id < b.id ? -1 : 1));
  const ids = matches.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((match) => match.id);
  if (ids.length > 0) await client.query(`SELECT c.*, city.* FROM companies c JOIN cities city ON city.id = c.city_id WHERE c.id = ANY($1::uuid[])`, [ids]);
  return { total: matches.length, ids };
}
