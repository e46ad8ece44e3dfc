import { chineseBigrams, pinyinKey, pinyinQuery, searchableText, searchQueryText } from './search-text';

describe('search text', () => {
  it('turns runs of Chinese characters into overlapping bigrams', () => {
    expect(chineseBigrams('工业机器人')).toEqual(['工业', '业机', '机器', '器人']);
    expect(chineseBigrams('佛 山')).toEqual(['佛', '山']);
    expect(chineseBigrams('CNC Maschinen')).toEqual([]);
  });

  it('keeps the original text and appends bigrams', () => {
    expect(searchableText(['Robotik', '机器人'])).toBe('Robotik \n 机器人 机器 器人');
    expect(searchableText(['Nur Deutsch', null])).toBe('Nur Deutsch');
  });

  it('writes pinyin without tones or spaces per run', () => {
    expect(pinyinKey(['工业机器人 und 数控机床'])).toBe('gongyejiqiren shukongjichuang');
    expect(pinyinKey(['no chinese'])).toBe('');
  });

  it('prepares queries: Chinese as bigrams, pinyin folded', () => {
    expect(searchQueryText('机器人 Roboter')).toBe('机器 器人 Roboter');
    expect(pinyinQuery('Ji Qi Ren')).toBe('jiqiren');
    expect(pinyinQuery('jīqìrén')).toBe('jiqiren');
    expect(pinyinQuery('abc')).toBeNull();
    expect(pinyinQuery('CNC-Fräsen 5')).toBeNull();
  });
});
