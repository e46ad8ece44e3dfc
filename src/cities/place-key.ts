const CHINESE_ADMINISTRATIVE_SUFFIX = /[市区县]$/u;

/**
 * A comparison key for place names that is tolerant of case, spacing, punctuation,
 * umlauts written either way (Köln, Koeln, Koln), pinyin tone marks (Fóshān) and
 * a trailing Chinese administrative suffix (佛山市 → 佛山).
 *
 * Stored in city_municipalities.name_key: changing it needs a migration that recomputes the keys.
 */
export function placeKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(CHINESE_ADMINISTRATIVE_SUFFIX, '');
}
