import { NACE_DIVISIONS, NACE_SECTIONS } from './nace-rev2.data';

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));

const DIVISIONS_BY_SECTION: Record<string, string[]> = {
  A: range(1, 3),
  B: range(5, 9),
  C: range(10, 33),
  D: ['35'],
  E: range(36, 39),
  F: range(41, 43),
  G: range(45, 47),
  H: range(49, 53),
  I: range(55, 56),
  J: range(58, 63),
  K: range(64, 66),
  L: ['68'],
  M: range(69, 75),
  N: range(77, 82),
  O: ['84'],
  P: ['85'],
  Q: range(86, 88),
  R: range(90, 93),
  S: range(94, 96),
  T: range(97, 98),
  U: ['99'],
};

const allEntries = [...NACE_SECTIONS, ...NACE_DIVISIONS];

describe('NACE Rev. 2 reference data', () => {
  it('has the 21 sections A to U in order', () => {
    expect(NACE_SECTIONS.map((section) => section.code)).toEqual([...'ABCDEFGHIJKLMNOPQRSTU']);
  });

  it('has 88 unique two-digit divisions sorted by code', () => {
    const codes = NACE_DIVISIONS.map((division) => division.code);
    expect(codes).toHaveLength(88);
    expect(new Set(codes).size).toBe(88);
    for (const code of codes) expect(code).toMatch(/^\d{2}$/);
    expect(codes).toEqual([...codes].sort());
  });

  it('places every division in an existing section', () => {
    const sections = new Set(NACE_SECTIONS.map((section) => section.code));
    for (const division of NACE_DIVISIONS) expect(sections.has(division.section)).toBe(true);
  });

  it('gives each section exactly its official divisions', () => {
    expect(Object.keys(DIVISIONS_BY_SECTION)).toEqual(NACE_SECTIONS.map((section) => section.code));
    for (const [section, expected] of Object.entries(DIVISIONS_BY_SECTION)) {
      const actual = NACE_DIVISIONS.filter((division) => division.section === section).map((division) => division.code);
      expect({ section, divisions: actual }).toEqual({ section, divisions: expected });
    }
  });

  it('has no divisions in the gaps of the numbering', () => {
    const codes = new Set(NACE_DIVISIONS.map((division) => division.code));
    for (const gap of ['04', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89']) expect(codes.has(gap)).toBe(false);
  });

  it('titles every entry in German, English and Chinese, non-empty and trimmed', () => {
    for (const entry of allEntries) {
      for (const language of ['de', 'en', 'zh'] as const) {
        const title = entry.titles[language];
        expect({ code: entry.code, language, title: title.trim() }).toEqual({ code: entry.code, language, title });
        expect(title.length).toBeGreaterThan(0);
      }
      expect(Object.keys(entry.titles).sort()).toEqual(['de', 'en', 'zh']);
    }
  });

  it('writes every Chinese title with CJK characters', () => {
    for (const entry of allEntries) expect({ code: entry.code, zh: /\p{Script=Han}/u.test(entry.titles.zh) }).toEqual({ code: entry.code, zh: true });
  });

  it('uses the official titles', () => {
    const division28 = NACE_DIVISIONS.find((division) => division.code === '28');
    expect(division28?.section).toBe('C');
    expect(division28?.titles.en).toBe('Manufacture of machinery and equipment n.e.c.');
    expect(division28?.titles.de).toBe('Maschinenbau');
    expect(NACE_SECTIONS.find((section) => section.code === 'J')?.titles.en).toBe('Information and communication');
    expect(NACE_SECTIONS.find((section) => section.code === 'C')?.titles).toEqual({
      de: 'Verarbeitendes Gewerbe/Herstellung von Waren',
      en: 'Manufacturing',
      zh: '制造业',
    });
  });
});
