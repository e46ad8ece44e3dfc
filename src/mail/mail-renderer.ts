import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAIL_LANGUAGES = ['de', 'en', 'zh'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];
/** Chinese with English below it, for a Chinese recipient whose language is not known. */
export const BILINGUAL_ZH_EN = 'zh-en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderOptions {
  language: string;
  timeZone: string;
}

const TEMPLATE_DIRECTORY = join(__dirname, 'templates');
const SEPARATOR = /^---\s*$/m;
const BLOCK_START = /^<(div|blockquote|table|ul|ol|h\d)/;

interface CompiledTemplate {
  subject: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
  html: HandlebarsTemplateDelegate;
}

type Mode = 'text' | 'html';

/** Any line break in a value bound for a header would start a new header. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

/**
 * Renders `templates/<name>.<language>.hbs`: a subject line, `---`, then the body. The body becomes both parts:
 * plain text as written, and HTML with every value escaped, paragraphs at blank lines, inside one layout.
 */
@Injectable()
export class MailRenderer {
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly layout = this.compileLayout();

  constructor() {
    for (const file of readdirSync(TEMPLATE_DIRECTORY).filter((name) => /^[a-z_]+\.[a-z]{2}\.hbs$/.test(name))) {
      this.templates.set(file.replace(/\.hbs$/, ''), this.compile(readFileSync(join(TEMPLATE_DIRECTORY, file), 'utf8'), file));
    }
  }

  has(name: string, language: MailLanguage): boolean {
    return this.templates.has(`${name}.${language}`);
  }

  /** The context is asked for per language: names of cities and cooperation types differ between them. */
  render(name: string, contextFor: (language: MailLanguage) => Record<string, unknown>, options: RenderOptions): RenderedMail {
    if (options.language === BILINGUAL_ZH_EN) return this.bilingual(name, contextFor, options.timeZone);
    const language = (MAIL_LANGUAGES as readonly string[]).includes(options.language) ? (options.language as MailLanguage) : 'en';
    const template = this.templates.get(`${name}.${language}`);
    if (!template) throw new Error(`no mail template ${name}.${language}`);
    const data = { ...contextFor(language), language };
    const helpers = { helpers: this.helpers(language, options.timeZone) };
    const body = template.html(data, { helpers: this.helpers(language, options.timeZone, 'html') });
    return {
      subject: headerSafe(template.subject(data, helpers)),
      text: `${template.text(data, helpers).trim()}\n`,
      html: this.layout({ lang: language === 'zh' ? 'zh-Hans' : language, body: new Handlebars.SafeString(toParagraphs(body)) }),
    };
  }

  private bilingual(name: string, contextFor: (language: MailLanguage) => Record<string, unknown>, timeZone: string): RenderedMail {
    const chinese = this.render(name, contextFor, { language: 'zh', timeZone });
    const english = this.render(name, contextFor, { language: 'en', timeZone });
    return {
      subject: `${chinese.subject} / ${english.subject}`,
      text: `${chinese.text}\n———— English ————\n\n${english.text}`,
      // A function, not a string, as replacement: "$&" and the like in the content stay as they are.
      html: chinese.html.replace('</main>', () => `<hr><div lang="en">${english.html.match(/<main>([\s\S]*)<\/main>/)?.[1] ?? ''}</div></main>`),
    };
  }

  private compile(source: string, file: string): CompiledTemplate {
    const [subjectLine, ...rest] = source.split(SEPARATOR);
    if (rest.length === 0 || !/^subject:/i.test(subjectLine.trim())) throw new Error(`${file}: start with "subject: …", then a line "---"`);
    const body = rest.join('---').replace(/^\n/, '');
    const subject = subjectLine.trim().replace(/^subject:\s*/i, '');
    return {
      subject: Handlebars.compile(subject, { noEscape: true, strict: true }),
      text: Handlebars.compile(body, { noEscape: true, strict: true }),
      html: Handlebars.compile(body, { strict: true }),
    };
  }

  private helpers(language: MailLanguage, timeZone: string, mode: Mode = 'text'): Record<string, Handlebars.HelperDelegate> {
    const escape = (value: unknown) => Handlebars.escapeExpression(String(value ?? ''));
    return {
      /** A call to action: a button in HTML, "label: link" in text. */
      button: (url: string, label: string) =>
        mode === 'html' ? new Handlebars.SafeString(`<div class="button"><a href="${escape(url)}">${escape(label)}</a></div>`) : `${label}:\n${url}`,
      /** Someone's own words, set apart: a block quote in HTML, "> " lines in text. */
      quote: (value: string | null) =>
        mode === 'html'
          ? new Handlebars.SafeString(`<blockquote>${escape(String(value ?? '').replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>')}</blockquote>`)
          : String(value ?? '')
              .replace(/\r\n?/g, '\n')
              .split('\n')
              .map((line) => `> ${line}`)
              .join('\n'),
      /** A date (ISO string or Date) in the reader's language and time zone. */
      date: (value: string | Date | null) => (value ? new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long', timeZone }).format(new Date(value)) : ''),
      /** A list: bullets in HTML, "- " lines in text. */
      list: (items: string[]) =>
        mode === 'html' ? new Handlebars.SafeString(`<ul>${items.map((item) => `<li>${escape(item)}</li>`).join('')}</ul>`) : items.map((item) => `- ${item}`).join('\n'),
    };
  }

  private compileLayout(): HandlebarsTemplateDelegate {
    return Handlebars.compile(readFileSync(join(TEMPLATE_DIRECTORY, 'layout.html'), 'utf8'), { strict: true });
  }
}

function localeOf(language: MailLanguage): string {
  return { de: 'de-DE', en: 'en-GB', zh: 'zh-CN' }[language];
}

/** Blank lines separate paragraphs; single line breaks stay; blocks made by helpers are left as they are. */
function toParagraphs(html: string): string {
  return html
    .trim()
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => (BLOCK_START.test(block) ? block : `<p>${block.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}
