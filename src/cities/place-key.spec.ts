import { placeKey } from './place-key';

describe('placeKey', () => {
  it('matches umlauts written as letters, as digraphs or dropped', () => {
    expect(placeKey('Köln')).toBe(placeKey('Koeln'));
    expect(placeKey('Köln')).toBe(placeKey('KOLN'));
    expect(placeKey('Rüsselsheim am Main')).toBe(placeKey('Ruesselsheim am Main'));
    expect(placeKey('Göttingen')).toBe(placeKey('goettingen'));
  });

  it('turns ß into ss', () => {
    expect(placeKey('Großenlüder')).toBe(placeKey('Grossenlueder'));
  });

  it('ignores pinyin tone marks, apostrophes, spaces and punctuation', () => {
    expect(placeKey('Fóshān')).toBe('foshan');
    expect(placeKey("Ma'anshan")).toBe(placeKey('Maanshan'));
    expect(placeKey('Bad Homburg v. d. Höhe')).toBe(placeKey('bad homburg v.d. hoehe'));
    expect(placeKey('Lahr/Schwarzwald')).toBe(placeKey('Lahr Schwarzwald'));
  });

  it('keeps Chinese characters and drops a trailing administrative suffix', () => {
    expect(placeKey('佛山市')).toBe('佛山');
    expect(placeKey('宝安区')).toBe('宝安');
    expect(placeKey(' 佛山 ')).toBe('佛山');
  });

  it('keeps different places apart', () => {
    expect(placeKey('Mainz')).not.toBe(placeKey('Main'));
    expect(placeKey('台州')).not.toBe(placeKey('泰州'));
  });
});
