import { City } from './city.entity';

/** A member's name in a reader's language; a German member without a Chinese name keeps its German one. */
export function localizedCityName(city: Pick<City, 'nameDe' | 'nameEn' | 'nameZh'>, language: 'de' | 'en' | 'zh'): string {
  return { de: city.nameDe, en: city.nameEn, zh: city.nameZh ?? city.nameDe }[language];
}
