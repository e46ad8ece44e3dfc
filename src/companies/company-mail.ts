import { Company } from './company.entity';

const EMAIL_LANGUAGES = ['de', 'en', 'zh'];
/** Chinese with English below it (see MailRenderer). */
const BILINGUAL_ZH_EN = 'zh-en';

/**
 * Emails go out in the company's preferred language when the platform has it, else in another language it
 * speaks; a Chinese organisation with neither gets Chinese and English, any other English.
 */
export function emailLanguageOf(company: Pick<Company, 'preferredLanguage' | 'languages'> & { city?: { country: string } | null }): string {
  if (EMAIL_LANGUAGES.includes(company.preferredLanguage)) return company.preferredLanguage;
  const spoken = company.languages.find((language) => EMAIL_LANGUAGES.includes(language));
  if (spoken) return spoken;
  return company.city?.country === 'CN' ? BILINGUAL_ZH_EN : 'en';
}

export function publicLink(publicUrl: string, path: string, token: string): string {
  return new URL(`${path}?token=${token}`, publicUrl).toString();
}
