import { isKnownNaceCode, naceLineage, naceSectionOf, naceTitles } from './nace';

describe('NACE hierarchy', () => {
  it('knows sections and divisions, and accepts groups and classes of existing divisions', () => {
    expect(naceSectionOf('C')).toBe('C');
    expect(naceSectionOf('28')).toBe('C');
    expect(naceSectionOf('28.1')).toBe('C');
    expect(naceSectionOf('28.14')).toBe('C');
    expect(naceSectionOf('62.01')).toBe('J');
  });

  it('refuses divisions that do not exist and malformed codes', () => {
    for (const code of ['04', '34', '40', '99.999', 'V', 'c', '28.', '2814', '']) expect(isKnownNaceCode(code)).toBe(false);
  });

  it('lists a code with its ancestors, broadest first', () => {
    expect(naceLineage('28.14')).toEqual(['C', '28', '28.1', '28.14']);
    expect(naceLineage('28.1')).toEqual(['C', '28', '28.1']);
    expect(naceLineage('28')).toEqual(['C', '28']);
    expect(naceLineage('J')).toEqual(['J']);
  });

  it('gives titles in German, English and Chinese', () => {
    expect(naceTitles('28.14')?.de).toBe('Maschinenbau');
    expect(naceTitles('J')?.en).toBe('Information and communication');
    expect(naceTitles('04')).toBeNull();
  });
});
