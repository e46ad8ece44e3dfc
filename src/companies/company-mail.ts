import { Company } from './company.entity';

const EMAIL_LANGUAGES = ['de', 'en', 'zh'];

/** Emails go out in the company's preferred language when the platform has it, otherwise in English. */
export function emailLanguageOf(company: Pick<Company, 'preferredLanguage' | 'languages'>): string {
  if (EMAIL_LANGUAGES.includes(company.preferredLanguage)) return company.preferredLanguage;
  return company.languages.find((language) => EMAIL_LANGUAGES.includes(language)) ?? 'en';
}

export function publicLink(publicUrl: string, path: string, token: string): string {
  return new URL(`${path}?token=${token}`, publicUrl).toString();
}
