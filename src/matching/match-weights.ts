/**
 * How much each kind of fit adds to a suggestion's score. The positive parts add up to 100;
 * a pair without a shared language of correspondence loses 20.
 *
 * - seeksOffered: what the company seeks is among what the candidate offers (the main signal).
 * - offersSought: the reverse; a partnership that helps both sides.
 * - sector: the closest shared level of the NACE hierarchy; a class (28.14) is closer than its group (28.1),
 *   division (28) or section (C).
 * - text: the share of the terms in the company's "seeks" text found in the candidate's "offers" text
 *   and keywords (German and English stemming, Chinese as character pairs), times this weight.
 * - market: the candidate is in one of the company's target cities, regions or countries (the closest counts).
 * - noSharedLanguage: added when the two profiles have no language of correspondence in common.
 */
export const MATCH_WEIGHTS = {
  seeksOffered: 30,
  offersSought: 15,
  sector: { class: 20, group: 15, division: 10, section: 4 },
  text: 20,
  market: { city: 15, region: 12, country: 6 },
  noSharedLanguage: -20,
} as const;

/** A text fit below this share of terms is too thin to mention as a reason. */
export const TEXT_REASON_THRESHOLD = 0.15;

/** At most this many terms of a "seeks" text are matched (longer texts add little and cost time). */
export const MAX_SEEK_TERMS = 40;

/** The weekly digest lists new profiles scoring at least this. */
export const DIGEST_MIN_SCORE = 40;
