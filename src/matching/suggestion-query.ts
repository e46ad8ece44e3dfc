import { CooperationType } from '../companies/cooperation-type';
import { visibleFromSql } from '../companies/cross-border-policy';
import { introducibleSql } from '../companies/listing-notice';
import { MATCH_WEIGHTS } from './match-weights';

/** The requester's side of a match, as the ranking query needs it. */
export interface MatchSeeker {
  id: string;
  cityId: string;
  country: string;
  seeksTypes: CooperationType[];
  offersTypes: CooperationType[];
  nacePaths: string[];
  targetCountries: string[];
  targetRegions: string[];
  targetCities: string[];
  languages: string[];
  /** Stemmed terms of the "seeks" text, stop words left out. */
  seekTerms: string[];
  /** Whether the seeker's own data may cross the German-Chinese border (cross-border-policy.ts). */
  mayCrossBorder: boolean;
}

/** Which candidates a query ranks. */
export type CandidateScope =
  /** Suggestions: active profiles of other member cities in the seeker's markets, with at least one substantive fit. */
  | { kind: 'suggestions'; activatedAfter?: Date; minScore?: number }
  /** One named pair, whatever its status: the score of a request. */
  | { kind: 'pair'; candidateId: string };

export interface CandidateRow {
  id: string;
  offers_types: CooperationType[];
  seeks_types: CooperationType[];
  nace_paths: string[];
  languages: string[];
  city_name_de: string;
  city_name_en: string;
  city_name_zh: string | null;
  region_name_de: string;
  region_name_en: string;
  region_name_zh: string;
  country: string;
  market_level: 'city' | 'region' | 'country' | null;
  text_coverage: number;
  score: number;
}

// Requests that keep a pair out of suggestions: still open, or the partner said no.
export const PAIR_BLOCKING_STATUSES = ['pending_review', 'pending_partner_office', 'approved', 'introduced', 'accepted', 'connected', 'declined'];

const W = MATCH_WEIGHTS;

const SCORE = `(
  CASE WHEN seeks_offered THEN ${W.seeksOffered} ELSE 0 END
  + CASE WHEN offers_sought THEN ${W.offersSought} ELSE 0 END
  + sector_points
  + ${W.text} * text_coverage
  + CASE market_level WHEN 'city' THEN ${W.market.city} WHEN 'region' THEN ${W.market.region} WHEN 'country' THEN ${W.market.country} ELSE 0 END
  + CASE WHEN shares_language THEN 0 ELSE ${W.noSharedLanguage} END
)::real`;

/** Where a seeker looks by default: the other country; its target markets narrow or widen that. */
export function scopeCountries(seeker: Pick<MatchSeeker, 'country' | 'targetCountries' | 'targetRegions' | 'targetCities'>): string[] {
  if (seeker.targetCountries.length > 0) return seeker.targetCountries;
  if (seeker.targetRegions.length > 0 || seeker.targetCities.length > 0) return [];
  return [seeker.country === 'DE' ? 'CN' : 'DE'];
}

function naceLevels(paths: string[]) {
  return {
    classes: paths.filter((code) => /^\d{2}\.\d{2}$/.test(code)),
    groups: paths.filter((code) => /^\d{2}\.\d$/.test(code)),
    divisions: paths.filter((code) => /^\d{2}$/.test(code)),
    sections: paths.filter((code) => /^[A-U]$/.test(code)),
  };
}

/**
 * The ranking, computed in PostgreSQL: every fit is an indexed array overlap or a full-text match,
 * so only the candidates that fit somehow are scored, and only the best are returned.
 */
export function candidateQuery(seeker: MatchSeeker, scope: CandidateScope, limit: number): { sql: string; parameters: unknown[] } {
  const nace = naceLevels(seeker.nacePaths);
  const parameters: unknown[] = [
    seeker.id, // $1
    seeker.cityId, // $2
    seeker.seeksTypes, // $3
    seeker.offersTypes, // $4
    nace.classes, // $5
    nace.groups, // $6
    nace.divisions, // $7
    nace.sections, // $8
    seeker.seekTerms, // $9
    seeker.targetCities, // $10
    seeker.targetRegions, // $11
    seeker.targetCountries, // $12
    seeker.languages, // $13
    limit, // $14
  ];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const filters =
    scope.kind === 'pair'
      ? [`c.id = ${parameter(scope.candidateId)}`]
      : [
          `c.status = 'active' AND c.expires_at > now() AND c.id <> $1 AND c.city_id <> (SELECT city_id FROM seeker)`,
          `(city.country = ANY(${parameter(scopeCountries(seeker))}::text[]) OR city.slug = ANY($10::text[]) OR city.region_code = ANY($11::text[]))`,
          `c.id NOT IN (SELECT company_id FROM excluded)`,
          // Across the German-Chinese border only where both sides' data may cross.
          `${visibleFromSql('c', 'city', `${parameter(seeker.country)}::text`)}`,
          `(city.country = $${parameters.length}::text OR ${parameter(seeker.mayCrossBorder)}::boolean)`,
          introducibleSql('c'),
          `(c.offers_types && $3::cooperation_type[] OR c.seeks_types && $4::cooperation_type[] OR c.nace_paths && $7::text[] OR t.id IS NOT NULL)`,
          ...(scope.activatedAfter ? [`c.activated_at > ${parameter(scope.activatedAfter)}`] : []),
        ];
  const minimum = scope.kind === 'suggestions' && scope.minScore !== undefined ? `WHERE ${SCORE} >= ${parameter(scope.minScore)}` : '';
  const sql = `
    WITH seeker AS (SELECT $2::uuid AS city_id),
    seek AS (
      SELECT CASE WHEN cardinality($9::text[]) = 0 THEN NULL
                  ELSE to_tsquery('simple', (SELECT string_agg(quote_literal(term), ' | ') FROM unnest($9::text[]) term)) END AS query
    ),
    excluded AS (
      SELECT CASE WHEN r.requester_company_id = $1 THEN r.target_company_id ELSE r.requester_company_id END AS company_id
        FROM match_requests r
       WHERE (r.requester_company_id = $1 OR r.target_company_id = $1)
         AND r.status IN (${PAIR_BLOCKING_STATUSES.map((status) => `'${status}'`).join(', ')})
    ),
    -- Materialised: inlined, PostgreSQL would probe the text match once per candidate instead of once.
    text_hits AS MATERIALIZED (
      SELECT c.id,
             cardinality(ARRAY(SELECT unnest(tsvector_to_array(c.offers_vector)) INTERSECT SELECT unnest($9::text[])))::real
               / greatest(cardinality($9::text[]), 1) AS coverage
        FROM companies c, seek
       WHERE seek.query IS NOT NULL AND c.offers_vector @@ seek.query
    ),
    candidates AS (
      SELECT c.id, c.offers_types::text[] AS offers_types, c.seeks_types::text[] AS seeks_types, c.nace_paths, c.languages,
             city.name_de AS city_name_de, city.name_en AS city_name_en, city.name_zh AS city_name_zh, city.country,
             region.name_de AS region_name_de, region.name_en AS region_name_en, region.name_zh AS region_name_zh,
             c.offers_types && $3::cooperation_type[] AS seeks_offered,
             c.seeks_types && $4::cooperation_type[] AS offers_sought,
             CASE WHEN c.nace_paths && $5::text[] THEN ${W.sector.class}
                  WHEN c.nace_paths && $6::text[] THEN ${W.sector.group}
                  WHEN c.nace_paths && $7::text[] THEN ${W.sector.division}
                  WHEN c.nace_paths && $8::text[] THEN ${W.sector.section}
                  ELSE 0 END AS sector_points,
             coalesce(t.coverage, 0)::real AS text_coverage,
             CASE WHEN city.slug = ANY($10::text[]) THEN 'city'
                  WHEN city.region_code = ANY($11::text[]) THEN 'region'
                  WHEN city.country = ANY($12::text[]) THEN 'country' END AS market_level,
             c.languages && $13::text[] AS shares_language
        FROM companies c
        JOIN cities city ON city.id = c.city_id
        JOIN regions region ON region.code = city.region_code
        LEFT JOIN text_hits t ON t.id = c.id
       WHERE ${filters.join('\n         AND ')}
    )
    SELECT *, ${SCORE} AS score
      FROM candidates
      ${minimum}
     ORDER BY score DESC, id
     LIMIT $14`;
  return { sql, parameters };
}
