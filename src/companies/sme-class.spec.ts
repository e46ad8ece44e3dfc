import { classifySme, SmeClass } from './sme-class';

const M = 1_000_000;

describe('classifySme (Commission Recommendation 2003/361/EC)', () => {
  it.each([
    [{ staffHeadcount: 9, annualTurnoverEur: 2 * M }, SmeClass.Micro],
    [{ staffHeadcount: 9, annualTurnoverEur: 2 * M + 1, balanceSheetTotalEur: 2 * M }, SmeClass.Micro],
    [{ staffHeadcount: 9, annualTurnoverEur: 2 * M + 1, balanceSheetTotalEur: 2 * M + 1 }, SmeClass.Small],
    [{ staffHeadcount: 10, annualTurnoverEur: 1 }, SmeClass.Small],
    [{ staffHeadcount: 49, annualTurnoverEur: 10 * M }, SmeClass.Small],
    [{ staffHeadcount: 49, annualTurnoverEur: 10 * M + 1, balanceSheetTotalEur: 10 * M }, SmeClass.Small],
    [{ staffHeadcount: 49, annualTurnoverEur: 10 * M + 1, balanceSheetTotalEur: 10 * M + 1 }, SmeClass.Medium],
    [{ staffHeadcount: 50, annualTurnoverEur: 1 }, SmeClass.Medium],
    [{ staffHeadcount: 249, annualTurnoverEur: 50 * M }, SmeClass.Medium],
    [{ staffHeadcount: 249, annualTurnoverEur: 50 * M + 1, balanceSheetTotalEur: 43 * M }, SmeClass.Medium],
    [{ staffHeadcount: 249, annualTurnoverEur: 50 * M + 1, balanceSheetTotalEur: 43 * M + 1 }, SmeClass.Large],
    [{ staffHeadcount: 250, annualTurnoverEur: 1 }, SmeClass.Large],
  ])('%j is %s', (size, expected) => {
    expect(classifySme(size)).toBe(expected);
  });

  it('uses the one financial figure that is given', () => {
    expect(classifySme({ staffHeadcount: 5, balanceSheetTotalEur: 2 * M })).toBe(SmeClass.Micro);
    expect(classifySme({ staffHeadcount: 5, balanceSheetTotalEur: 2 * M + 1 })).toBe(SmeClass.Small);
    expect(classifySme({ staffHeadcount: 5, annualTurnoverEur: 60 * M })).toBe(SmeClass.Large);
  });

  it('classifies by staff headcount alone when no financial figure is given', () => {
    expect(classifySme({ staffHeadcount: 0 })).toBe(SmeClass.Micro);
    expect(classifySme({ staffHeadcount: 9 })).toBe(SmeClass.Micro);
    expect(classifySme({ staffHeadcount: 10 })).toBe(SmeClass.Small);
    expect(classifySme({ staffHeadcount: 249 })).toBe(SmeClass.Medium);
    expect(classifySme({ staffHeadcount: 250 })).toBe(SmeClass.Large);
  });
});
