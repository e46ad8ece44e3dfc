export const COUNTRY_CODES = ['DE', 'CN'] as const;

export type CountryCode = (typeof COUNTRY_CODES)[number];
