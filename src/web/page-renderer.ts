import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UI_LANGUAGES, UiLanguage } from '../common/language';

const LAYOUT = join(__dirname, 'views', 'layout.hbs');

export interface PageOptions {
  language: UiLanguage;
  title: string;
  /** The address of this page without its query, for the language switch. */
  path: string;
}

/**
 * Server-rendered pages: one layout, a page template per view, every value escaped. Pages work without
 * JavaScript; the language switch is a plain link.
 */
export class PageRenderer {
  private readonly layout = Handlebars.compile(readFileSync(LAYOUT, 'utf8'), { strict: true });
  private readonly pages = new Map<string, HandlebarsTemplateDelegate>();

  constructor(private readonly viewDirectory: string) {}

  render(view: string, data: Record<string, unknown>, options: PageOptions): string {
    const page = this.page(view);
    const body = page({ ...data, language: options.language });
    return this.layout({
      lang: options.language === 'zh' ? 'zh-Hans' : options.language,
      title: options.title,
      body: new Handlebars.SafeString(body),
      languages: UI_LANGUAGES.map((code) => ({ code, label: { de: 'Deutsch', en: 'English', zh: '中文' }[code], href: `${options.path}?lang=${code}`, current: code === options.language })),
    });
  }

  private page(view: string): HandlebarsTemplateDelegate {
    let page = this.pages.get(view);
    if (!page) {
      page = Handlebars.compile(readFileSync(join(this.viewDirectory, `${view}.hbs`), 'utf8'), { strict: true });
      this.pages.set(view, page);
    }
    return page;
  }
}
