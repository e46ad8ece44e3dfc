import { closestSharedSector, sharedLanguages } from './match-signals';

describe('closestSharedSector', () => {
  const paths = (...codes: string[]) => codes;

  it('prefers the deepest shared level of the NACE hierarchy', () => {
    expect(closestSharedSector(paths('C', '26', '26.5', '26.51'), paths('C', '26', '26.5', '26.51'))).toEqual({ level: 'class', code: '26.51' });
    expect(closestSharedSector(paths('C', '26', '26.5', '26.51'), paths('C', '26', '26.5', '26.52'))).toEqual({ level: 'group', code: '26.5' });
    expect(closestSharedSector(paths('C', '26', '26.5', '26.51'), paths('C', '26', '26.1'))).toEqual({ level: 'division', code: '26' });
    expect(closestSharedSector(paths('C', '26'), paths('C', '28', '28.1'))).toEqual({ level: 'section', code: 'C' });
  });

  it('finds nothing across sections', () => {
    expect(closestSharedSector(paths('C', '26'), paths('M', '72'))).toBeNull();
  });
});

describe('sharedLanguages', () => {
  it('keeps the requester order', () => {
    expect(sharedLanguages({ requesterLanguages: ['de', 'en', 'zh'], candidateLanguages: ['zh', 'en'] })).toEqual(['en', 'zh']);
    expect(sharedLanguages({ requesterLanguages: ['de'], candidateLanguages: ['zh'] })).toEqual([]);
  });
});
