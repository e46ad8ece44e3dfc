import { CooperationType } from '../companies/cooperation-type';
import { MatchSignals } from './match-signals';
import { explainMatch } from './suggestion-reasons';

const guangdong = { de: 'Guangdong', en: 'Guangdong', zh: '广东省' };
const foshan = { de: 'Foshan', en: 'Foshan', zh: '佛山' };

const signals = (overrides: Partial<MatchSignals> = {}): MatchSignals => ({
  seeksOffered: [CooperationType.Distribution],
  offersSought: [],
  sharedSector: null,
  textCoverage: 0,
  market: null,
  candidateRegion: guangdong,
  requesterLanguages: ['de', 'en'],
  candidateLanguages: ['zh', 'en'],
  ...overrides,
});

describe('explainMatch', () => {
  it('says what one side seeks and the other offers, and where', () => {
    expect(explainMatch(signals(), 'en')[0]).toBe('You seek a distribution partner; they offer distribution in Guangdong.');
    expect(explainMatch(signals(), 'de')[0]).toBe('Sie suchen einen Vertriebspartner; das Unternehmen bietet Vertrieb in Guangdong.');
    expect(explainMatch(signals(), 'zh')[0]).toBe('您在寻找分销合作伙伴；对方在广东省提供分销。');
  });

  it('lists several cooperation types in the language of the reader', () => {
    const both = signals({ seeksOffered: [CooperationType.Distribution, CooperationType.Supplier] });
    expect(explainMatch(both, 'en')[0]).toBe('You seek a distribution partner and a supplier; they offer distribution and supplies in Guangdong.');
    expect(explainMatch(both, 'zh')[0]).toBe('您在寻找分销合作伙伴、供应商；对方在广东省提供分销、供货。');
  });

  it('names the closest shared sector with its title', () => {
    const reasons = explainMatch(signals({ seeksOffered: [], sharedSector: { level: 'division', code: '28' } }), 'en');
    expect(reasons[0]).toMatch(/^Same industry division \(28, .*machinery.*\)\.$/i);
  });

  it('mentions the text fit only above the threshold', () => {
    expect(explainMatch(signals({ textCoverage: 0.5 }), 'en')).toContain('Their offer covers 50 % of the terms in what you seek.');
    expect(explainMatch(signals({ textCoverage: 0.1 }), 'en').join(' ')).not.toContain('terms');
  });

  it('names the target market the candidate is in', () => {
    expect(explainMatch(signals({ market: { level: 'city', name: foshan } }), 'zh')).toContain('对方位于佛山，是您的目标城市之一。');
  });

  it('says when there is no shared language, and which languages each side has', () => {
    const reasons = explainMatch(signals({ requesterLanguages: ['de'], candidateLanguages: ['zh'] }), 'en');
    expect(reasons[reasons.length - 1]).toBe('No shared language of correspondence (you: German; they: Chinese); the office can help.');
    expect(explainMatch(signals(), 'de')).toContain('Sie können auf Englisch korrespondieren.');
  });
});
