import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UI_LANGUAGES, UiLanguage } from '../common/language';
import { translate } from './i18n/texts';

const LAYOUT = join(__dirname, 'views', 'layout.hbs');
const LOCALES: Record<UiLanguage, string> = { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' };
const LANGUAGE_LABELS: Record<UiLanguage, string> = { de: 'Deutsch', en: 'English', zh: '中文' };

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

export interface PageOptions {
  language: UiLanguage;
  title: string;
  /** The address of this page without its query, for the language switch. */
  path: string;
  /** The reader's time zone for dates and times. */
  timeZone?: string;
  nav?: NavItem[];
  /** A form that signs out, shown when someone is signed in. */
  signedIn?: boolean;
  notice?: string | null;
}

type HelperOptions = Handlebars.HelperOptions;

function languageOf(options: HelperOptions): UiLanguage {
  return (options.data?.root?.language as UiLanguage) ?? 'en';
}

function timeZoneOf(options: HelperOptions): string {
  return (options.data?.root?.timeZone as string) ?? 'Europe/Berlin';
}

/**
 * Server-rendered pages: one layout, a page template per view, every value escaped. Pages work without
 * JavaScript; the language switch is a plain link. Helpers: `t` (text in the page's language, with params),
 * `date` / `datetime` / `number` (in the reader's locale and time zone), `eq`, `includes`.
 */
export class PageRenderer {
  private static readonly handlebars = PageRenderer.createEnvironment();
  private readonly layout = PageRenderer.handlebars.compile(readFileSync(LAYOUT, 'utf8'), { strict: true });
  private readonly pages = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly viewDirectory: string) {}

  render(view: string, data: Record<string, unknown>, options: PageOptions): string {
    const timeZone = options.timeZone ?? 'Europe/Berlin';
    const body = this.page(view)({ ...data, language: options.language, timeZone });
    return this.layout({
      language: options.language,
      timeZone,
      lang: options.language === 'zh' ? 'zh-Hans' : options.language,
      title: options.title,
      body: new Handlebars.SafeString(body),
      nav: options.nav ?? [],
      signedIn: options.signedIn ?? false,
      notice: options.notice ?? null,
      languages: UI_LANGUAGES.map((code) => ({ code, label: LANGUAGE_LABELS[code], href: `${options.path}?lang=${code}`, current: code === options.language })),
    });
  }

  private page(view: string): HandlebarsTemplateDelegate {
    let page = this.pages.get(view);
    if (!page) {
      page = PageRenderer.handlebars.compile(readFileSync(join(this.viewDirectory, `${view}.hbs`), 'utf8'), { strict: true });
      this.pages.set(view, page);
    }
    return page;
  }

  private static createEnvironment(): typeof Handlebars {
    const handlebars = Handlebars.create();
    handlebars.registerHelper('t', (key: string, options: HelperOptions) => translate(languageOf(options), key, options.hash));
    handlebars.registerHelper('date', (value: Date | string | null, options: HelperOptions) =>
      value ? new Intl.DateTimeFormat(LOCALES[languageOf(options)], { dateStyle: 'medium', timeZone: timeZoneOf(options) }).format(new Date(value)) : '',
    );
    handlebars.registerHelper('datetime', (value: Date | string | null, options: HelperOptions) =>
      value ? new Intl.DateTimeFormat(LOCALES[languageOf(options)], { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZoneOf(options) }).format(new Date(value)) : '',
    );
    handlebars.registerHelper('number', (value: number | null, options: HelperOptions) => (value === null || value === undefined ? '' : new Intl.NumberFormat(LOCALES[languageOf(options)]).format(value)));
    handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    handlebars.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
    return handlebars;
  }
}
