import { CooperationType } from '../companies/cooperation-type';

export interface LocalizedName {
  de: string;
  en: string;
  zh: string;
}

export type SectorLevel = 'class' | 'group' | 'division' | 'section';
export type MarketLevel = 'city' | 'region' | 'country';

/** Why two profiles fit, in language-neutral form: stored with a request and turned into sentences for each reader. */
export interface MatchSignals {
  /** What the requester seeks and the candidate offers. */
  seeksOffered: CooperationType[];
  /** What the candidate seeks and the requester offers. */
  offersSought: CooperationType[];
  sharedSector: { level: SectorLevel; code: string } | null;
  /** Share (0–1) of the requester's "seeks" terms found in what the candidate offers. */
  textCoverage: number;
  market: { level: MarketLevel; name: LocalizedName } | null;
  candidateRegion: LocalizedName;
  requesterLanguages: string[];
  candidateLanguages: string[];
}

const SECTOR_LEVEL_BY_DEPTH: SectorLevel[] = ['section', 'division', 'group', 'class'];

/** The deepest NACE code two profiles share (their paths hold every code with its ancestors). */
export function closestSharedSector(requesterPaths: string[], candidatePaths: string[]): MatchSignals['sharedSector'] {
  const candidate = new Set(candidatePaths);
  const shared = requesterPaths.filter((code) => candidate.has(code));
  if (shared.length === 0) return null;
  const depthOf = (code: string) => (/^[A-U]$/.test(code) ? 0 : code.replace('.', '').length - 1);
  const deepest = shared.reduce((best, code) => (depthOf(code) > depthOf(best) ? code : best));
  return { level: SECTOR_LEVEL_BY_DEPTH[depthOf(deepest)], code: deepest };
}

export function sharedLanguages(signals: Pick<MatchSignals, 'requesterLanguages' | 'candidateLanguages'>): string[] {
  return signals.requesterLanguages.filter((language) => signals.candidateLanguages.includes(language));
}
