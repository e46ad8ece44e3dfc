export enum SmeClass {
  Micro = 'micro',
  Small = 'small',
  Medium = 'medium',
  Large = 'large',
}

export interface CompanySize {
  staffHeadcount: number;
  annualTurnoverEur?: number | null;
  balanceSheetTotalEur?: number | null;
}

// Commission Recommendation 2003/361/EC, Annex Article 2: staff below the ceiling, and
// turnover OR balance-sheet total at or below its ceiling.
const CEILINGS: Array<{ smeClass: SmeClass; staffBelow: number; turnoverEur: number; balanceSheetEur: number }> = [
  { smeClass: SmeClass.Micro, staffBelow: 10, turnoverEur: 2_000_000, balanceSheetEur: 2_000_000 },
  { smeClass: SmeClass.Small, staffBelow: 50, turnoverEur: 10_000_000, balanceSheetEur: 10_000_000 },
  { smeClass: SmeClass.Medium, staffBelow: 250, turnoverEur: 50_000_000, balanceSheetEur: 43_000_000 },
];

/** Either financial figure within its ceiling qualifies; when neither is given, staff headcount decides alone. */
function financiallyWithin(size: CompanySize, turnoverEur: number, balanceSheetEur: number): boolean {
  const turnover = size.annualTurnoverEur ?? null;
  const balanceSheet = size.balanceSheetTotalEur ?? null;
  if (turnover === null && balanceSheet === null) return true;
  return (turnover !== null && turnover <= turnoverEur) || (balanceSheet !== null && balanceSheet <= balanceSheetEur);
}

export function classifySme(size: CompanySize): SmeClass {
  const ceiling = CEILINGS.find(
    (candidate) => size.staffHeadcount < candidate.staffBelow && financiallyWithin(size, candidate.turnoverEur, candidate.balanceSheetEur),
  );
  return ceiling?.smeClass ?? SmeClass.Large;
}
