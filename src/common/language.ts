/** The languages the user interface and generated texts speak. */
export const UI_LANGUAGES = ['de', 'en', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

/** The first supported language of an Accept-Language header, by the order the client gave (weights are rarely used otherwise). */
export function languageFromHeader(acceptLanguage: string | undefined): UiLanguage | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...parameters] = part.trim().split(';');
      const weight = parameters.map((parameter) => /^\s*q=([\d.]+)/.exec(parameter)?.[1]).find(Boolean);
      return { primary: tag.trim().toLowerCase().split('-')[0], weight: weight ? Number(weight) : 1, index };
    })
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isUiLanguage) ?? null;
}

/** An explicit choice wins, then the browser's languages, then the fallback. */
export function pickLanguage(explicit: string | undefined, acceptLanguage: string | undefined, fallback: string): UiLanguage {
  if (isUiLanguage(explicit)) return explicit;
  return languageFromHeader(acceptLanguage) ?? (isUiLanguage(fallback) ? fallback : 'en');
}
