import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { plainToInstance } from 'class-transformer';
import { CompanyDirectoryService } from '../../src/companies/company-directory.service';
import { DirectoryQuery } from '../../src/companies/dto/directory.query';
import { MatchingService } from '../../src/matching/matching.service';
import { HttpClient } from './http';
import { naiveDirectory, naiveSuggestions } from './naive';
import { explainAnalyze, replay, SqlCapture, Statement } from './sql-capture';
import { interleave, LatencySummary, ratio, summarize } from './stats';

export const SUGGESTION_LIMIT = 20;

export interface Budget {
  /** Time for the interleaved rounds of one comparison. */
  ms: number;
  /** Samples of the endpoint and of its SQL floor: at least / at most. */
  min: number;
  max: number;
  /** Samples of the naive version: at least / at most. */
  naiveMin: number;
  naiveMax: number;
}

export interface Comparison {
  scale: number;
  endpoint: LatencySummary;
  floor: LatencySummary;
  naive: LatencySummary;
  /** endpoint p50 / floor p50 (and the same at p95). */
  endpointToFloor: { p50: number; p95: number };
  /** naive p50 / endpoint p50. */
  naiveToEndpoint: { p50: number; p95: number };
  /** The three give the same answer (the naive directory ranks by another formula: its total is compared). */
  checks: string[];
  /** Requests the application could not answer (they are left out of the timed rounds). */
  failures: string[];
  plans: Array<{ file: string; executionMs: number; planningMs: number; label: string }>;
  workload: string;
}

function compare(scale: number, samples: Record<string, number[]>, checks: string[], plans: Comparison['plans'], workload: string, failures: string[] = []): Comparison {
  const endpoint = summarize(samples.endpoint);
  const floor = summarize(samples.floor);
  const naive = summarize(samples.naive);
  return {
    scale,
    endpoint,
    floor,
    naive,
    endpointToFloor: { p50: ratio(endpoint.p50, floor.p50), p95: ratio(endpoint.p95, floor.p95) },
    naiveToEndpoint: { p50: ratio(naive.p50, endpoint.p50), p95: ratio(naive.p95, endpoint.p95) },
    checks,
    failures,
    plans,
    workload,
  };
}

export interface SuggestionSeeker {
  id: string;
  label: string;
  token: string;
}

/**
 * Suggestions for the seekers in turn: GET /api/companies/:id/suggestions against (a) the statements MatchingService
 * sends for it, replayed with pg, and (b) the naive ranking in Node.
 */
export async function compareSuggestions(options: {
  scale: number;
  http: HttpClient;
  pool: Pool;
  capture: SqlCapture;
  seekers: SuggestionSeeker[];
  budget: Budget;
  plansDirectory: string;
  log: (line: string) => void;
}): Promise<Comparison> {
  const { http, pool, capture, seekers, budget, scale } = options;
  const recorded = new Map<string, { statements: Statement[]; ids: string[] }>();
  for (const seeker of seekers) {
    const { result, statements } = await capture.record((dataSource) => new MatchingService(dataSource).suggestionsFor(seeker.id, SUGGESTION_LIMIT));
    recorded.set(seeker.id, { statements, ids: result.map((suggestion) => suggestion.companyId) });
  }
  const client = await pool.connect();
  try {
    const checks: string[] = [];
    for (const seeker of seekers) {
      const expected = recorded.get(seeker.id)!.ids;
      const answer = await http.json<{ items: Array<{ company: { id: string } }> }>('GET', `/api/companies/${seeker.id}/suggestions?limit=${SUGGESTION_LIMIT}`, { authorization: `Bearer ${seeker.token}` });
      const endpointIds = answer.items.map((item) => item.company.id);
      const naiveIds = await naiveSuggestions(client, seeker.id, SUGGESTION_LIMIT);
      const same = (ids: string[]) => ids.length === expected.length && ids.every((id, index) => id === expected[index]);
      const overlap = naiveIds.filter((id) => expected.includes(id)).length;
      checks.push(`${seeker.label}: ${expected.length} suggestions; endpoint ${same(endpointIds) ? 'same ranking' : 'DIFFERENT ranking'}; naive ${same(naiveIds) ? 'same ranking' : `${overlap}/${expected.length} in common`}`);
    }
    // Each variant goes through the seekers in the same order.
    const turns = { endpoint: 0, floor: 0, naive: 0 };
    const next = (variant: keyof typeof turns) => seekers[turns[variant]++ % seekers.length];
    const samples = await interleave(
      [
        {
          name: 'endpoint',
          min: budget.min,
          max: budget.max,
          run: async () => {
            const seeker = next('endpoint');
            const response = await http.send('GET', `/api/companies/${seeker.id}/suggestions?limit=${SUGGESTION_LIMIT}`, { authorization: `Bearer ${seeker.token}` });
            if (response.status !== 200) throw new Error(`suggestions: HTTP ${response.status} ${response.body.slice(0, 300)}`);
          },
        },
        { name: 'floor', min: budget.min, max: budget.max, run: async () => void (await replay(client, recorded.get(next('floor').id)!.statements)) },
        { name: 'naive', min: budget.naiveMin, max: budget.naiveMax, warmup: 1, run: async () => void (await naiveSuggestions(client, next('naive').id, SUGGESTION_LIMIT)) },
      ],
      budget.ms,
    );
    const plans = await writePlans(client, options.plansDirectory, `${scaleLabel(scale)}-suggestions.txt`, [
      ...seekers.slice(0, 3).map((seeker) => ({ label: `ranking query of ${seeker.label}`, statement: recorded.get(seeker.id)!.statements.find((statement) => statement.sql.includes('text_hits'))! })),
    ]);
    const workload = `${seekers.length} seekers of the home city in turn (${seekers.map((seeker) => seeker.label).join(', ')}), limit ${SUGGESTION_LIMIT}`;
    return compare(scale, samples, checks, plans, workload);
  } finally {
    client.release();
  }
}

/** The directory queries: text in German, English, Chinese and pinyin, with and without filters, and filters alone. */
export const DIRECTORY_QUERIES: Array<Record<string, string>> = [
  { q: 'Sensoren' },
  { q: 'Drucksensoren', country: 'CN' },
  { q: 'pressure sensors', region: 'CN-GD' },
  { q: '工业机器人' },
  { q: 'jiqiren' },
  { q: 'Werkzeugmaschinen', nace: '28' },
  { q: 'lithium-ion batteries', offers: 'distribution', language: 'en' },
  { q: 'Medizintechnik', country: 'DE' },
  { q: '注塑模具', smeClass: 'small' },
  { city: 'foshan', nace: '28', seeks: 'distribution' },
];

const directoryPath = (query: Record<string, string>) => `/api/companies?${new URLSearchParams(query).toString()}`;

/** GET /api/companies with each query in turn, against the statements CompanyDirectoryService sends, and a naive search in Node. */
export async function compareDirectory(options: {
  scale: number;
  http: HttpClient;
  pool: Pool;
  capture: SqlCapture;
  budget: Budget;
  plansDirectory: string;
}): Promise<Comparison> {
  const { http, pool, capture, budget, scale } = options;
  // A query the application answers with an error is reported and left out of the timing.
  const failures: string[] = [];
  const queries: Array<{ raw: Record<string, string>; dto: DirectoryQuery }> = [];
  for (const raw of DIRECTORY_QUERIES) {
    const response = await http.send('GET', directoryPath(raw));
    if (response.status === 200) queries.push({ raw, dto: plainToInstance(DirectoryQuery, raw) });
    else failures.push(`GET ${directoryPath(raw)} answers HTTP ${response.status}: ${response.body.slice(0, 200)}`);
  }
  const recorded: Array<{ statements: Statement[]; total: number; ids: string[] }> = [];
  for (const query of queries) {
    const { result, statements } = await capture.record((dataSource) => new CompanyDirectoryService(dataSource).search(query.dto));
    recorded.push({ statements, total: result.total, ids: result.companies.map((company) => company.id) });
  }
  const client: PoolClient = await pool.connect();
  try {
    const checks: string[] = [];
    for (const [index, query] of queries.entries()) {
      const expected = recorded[index];
      const page = await http.json<{ total: number; items: Array<{ id: string }> }>('GET', directoryPath(query.raw));
      const naive = await naiveDirectory(client, query.dto);
      const endpointSame = page.total === expected.total && page.items.every((item, position) => item.id === expected.ids[position]);
      checks.push(`${JSON.stringify(query.raw)}: ${expected.total} found; endpoint ${endpointSame ? 'same page' : 'DIFFERENT page'}; naive ${naive.total === expected.total ? 'same total' : `total ${naive.total}`}`);
    }
    let turn = 0;
    let naiveTurn = 0;
    const samples = await interleave(
      [
        {
          name: 'endpoint',
          min: budget.min,
          max: budget.max,
          run: async () => {
            const response = await http.send('GET', directoryPath(queries[turn % queries.length].raw));
            if (response.status !== 200) throw new Error(`directory: HTTP ${response.status} ${response.body.slice(0, 300)}`);
          },
        },
        {
          name: 'floor',
          min: budget.min,
          max: budget.max,
          run: async () => {
            await replay(client, recorded[turn % queries.length].statements);
            turn += 1;
          },
        },
        { name: 'naive', min: budget.naiveMin, max: budget.naiveMax, warmup: 1, run: async () => void (await naiveDirectory(client, queries[naiveTurn++ % queries.length].dto)) },
      ],
      budget.ms,
    );
    const plans = await writePlans(
      client,
      options.plansDirectory,
      `${scaleLabel(scale)}-directory.txt`,
      queries.flatMap((query, index) => recorded[index].statements.map((statement, position) => ({ label: `${JSON.stringify(query.raw)} statement ${position + 1}/${recorded[index].statements.length}`, statement }))),
    );
    return compare(scale, samples, checks, plans, `${queries.length} queries in turn (${queries.map((query) => JSON.stringify(query.raw)).join(' ')}), page size 20`, failures);
  } finally {
    client.release();
  }
}

export function scaleLabel(scale: number): string {
  return scale >= 1_000_000 ? `${scale / 1_000_000}M` : `${scale / 1_000}k`;
}

async function writePlans(client: PoolClient, directory: string, file: string, entries: Array<{ label: string; statement: Statement }>): Promise<Comparison['plans']> {
  const sections: string[] = [];
  const plans: Comparison['plans'] = [];
  for (const entry of entries) {
    const plan = await explainAnalyze(client, entry.statement);
    plans.push({ file: `plans/${file}`, label: entry.label, executionMs: plan.executionMs, planningMs: plan.planningMs });
    sections.push(`==== ${entry.label}: execution ${plan.executionMs} ms, planning ${plan.planningMs} ms\n-- parameters: ${JSON.stringify(entry.statement.parameters).slice(0, 600)}\n${plan.text}\n`);
  }
  writeFileSync(join(directory, file), sections.join('\n'));
  return plans;
}
