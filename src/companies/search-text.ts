import { pinyin } from 'pinyin-pro';

const HAN_RUN = /\p{Script=Han}+/gu;

/** Overlapping character pairs of each run of Chinese characters (single characters stay), for full-text search without a Chinese parser. */
export function chineseBigrams(text: string): string[] {
  return [...text.matchAll(HAN_RUN)].flatMap(([run]) => {
    const characters = [...run];
    if (characters.length === 1) return characters;
    return characters.slice(1).map((character, index) => `${characters[index]}${character}`);
  });
}

/** Text for the German and English parsers, with the Chinese parts added as bigram tokens. */
export function searchableText(parts: Array<string | null | undefined>): string {
  const text = parts.filter(Boolean).join(' \n ');
  const bigrams = chineseBigrams(text);
  return bigrams.length > 0 ? `${text} ${bigrams.join(' ')}` : text;
}

/** Toneless pinyin of every Chinese character, without spaces, so "jiqiren" and "ji qi ren" both find 机器人. */
export function pinyinKey(parts: Array<string | null | undefined>): string {
  const chinese = parts.filter(Boolean).join(' ').match(HAN_RUN);
  if (!chinese) return '';
  return chinese.map((run) => pinyin(run, { toneType: 'none', type: 'array' }).join('')).join(' ');
}

/** A search query as the tsquery side expects it: Chinese runs become their bigrams. */
export function searchQueryText(query: string): string {
  return query.replace(HAN_RUN, (run) => chineseBigrams(run).join(' '));
}

/** A query that could be pinyin: Latin letters and spaces only, folded like pinyinKey. */
export function pinyinQuery(query: string): string | null {
  const folded = query.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (!/^[a-z\s']+$/.test(folded)) return null;
  const compact = folded.replace(/[\s']/g, '');
  return compact.length >= 4 ? compact : null;
}
