import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** Characters that reorder text on screen: a name with one shows something else than it says. */
const BIDI_CONTROL_CLASS = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const BIDI_CONTROLS = new RegExp(`[${BIDI_CONTROL_CLASS}]`, 'u');
const EVERY_BIDI_CONTROL = new RegExp(`[${BIDI_CONTROL_CLASS}]`, 'gu');
const WITHOUT_BIDI_CONTROLS = new RegExp(`^[^${BIDI_CONTROL_CLASS}]*$`, 'u');
// Control and format characters, and whatever else renders as nothing (Hangul fillers, variation selectors, the combining grapheme joiner).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Latin letters' look-alikes in Cyrillic, Greek and Armenian (after lower-casing), and a few Latin ones, for comparing
 * names only: "Ѕіеmеns" written with Cyrillic letters is the same name as "Siemens".
 */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', г: 'r', д: 'd', е: 'e', ё: 'e', з: '3', и: 'u', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ь: 'b', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', ς: 'c', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', ϳ: 'j',
  // Armenian
  օ: 'o', ո: 'n', ս: 'u', հ: 'h', ց: 'g', զ: 'q',
  // Latin
  ı: 'i', ȷ: 'j', ſ: 's',
};

/** Capitals whose small letter looks like another Latin letter than they do (Greek Η looks like H, η like n). */
const CONFUSABLE_CAPITALS: Record<string, string> = { Η: 'h', Μ: 'm', Ν: 'n', Υ: 'y' };

/**
 * A name as it is stored: NFKC (full-width and other compatibility forms folded), without control and invisible
 * format characters (zero-width spaces and joiners, soft hyphens), whitespace runs as one space. Direction
 * controls are left in, for the validator to refuse with a clear message.
 */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKC')
    // A line break or tab separates words; a zero-width no-break space (U+FEFF), though JavaScript counts it as white space, does not.
    .replace(INVISIBLE, (character) => (BIDI_CONTROLS.test(character) ? character : /\p{Cc}/u.test(character) && /\s/u.test(character) ? ' ' : ''))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Whether a text holds a direction control, which a name must not. */
export function hasDirectionControl(value: string): boolean {
  return BIDI_CONTROLS.test(value);
}

/** What two names are compared by: normalised, lower-case, look-alike letters as their Latin twins, no direction controls. */
export function nameSkeleton(value: string): string {
  return [...normaliseName(value).replace(EVERY_BIDI_CONTROL, '')]
    .map((character) => CONFUSABLE_CAPITALS[character] ?? character.toLowerCase())
    .map((character) => CONFUSABLES[character] ?? character)
    .join('');
}

/** Normalises a name field and refuses direction controls in it, naming the field. */
export function NameField(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' ? normaliseName(value) : value))(target, key);
    Matches(WITHOUT_BIDI_CONTROLS, { message: ({ property }) => `${property} must not contain right-to-left or other text direction control characters` })(target, key);
  };
}
