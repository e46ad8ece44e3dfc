import { UI_LANGUAGES, UiLanguage } from '../../common/language';
import { COMMON_TEXTS } from './common.texts';

type Texts = Record<UiLanguage, Record<string, string>>;

const sources: Texts[] = [COMMON_TEXTS];

/** Areas add their words here (at load time); a key missing in a language falls back to English, then to the key. */
export function addTexts(texts: Texts): void {
  sources.push(texts);
}

export function translate(language: UiLanguage, key: string, params: Record<string, unknown> = {}): string {
  const text = lookup(language, key) ?? lookup('en', key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function lookup(language: UiLanguage, key: string): string | undefined {
  for (let index = sources.length - 1; index >= 0; index -= 1) {
    const text = sources[index][language]?.[key];
    if (text !== undefined) return text;
  }
  return undefined;
}

/** Every key of every area, per language (for the completeness test). */
export function allKeys(): Record<UiLanguage, Set<string>> {
  return Object.fromEntries(UI_LANGUAGES.map((language) => [language, new Set(sources.flatMap((source) => Object.keys(source[language] ?? {})))])) as Record<UiLanguage, Set<string>>;
}
