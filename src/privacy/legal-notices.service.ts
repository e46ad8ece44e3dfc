import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { localizedCityName } from '../cities/city-names';
import { City } from '../cities/city.entity';
import { OfficeContact } from '../cities/office-contact.entity';
import { UiLanguage } from '../common/language';
import { Environment } from '../config/environment';
import { LegalNotice, LegalNoticeKind } from './legal-notice.entity';

export type NoticeTexts = Record<UiLanguage, string>;

export interface NoticeView {
  kind: LegalNoticeKind;
  /** No version published yet: the text shown is the built-in default or nothing an administrator approved. */
  draft: boolean;
  version: number | null;
  publishedAt: Date | null;
  texts: NoticeTexts;
}

const TEMPLATES = join(__dirname, 'templates');
const LANGUAGES: UiLanguage[] = ['de', 'en', 'zh'];
const COLUMN: Record<UiLanguage, 'textDe' | 'textEn' | 'textZh'> = { de: 'textDe', en: 'textEn', zh: 'textZh' };

/** The version label a company confirms, recorded as its privacy-policy consent. */
export const privacyVersionLabel = (version: number) => `notice-${version}`;

/**
 * The privacy notice, legal notice and accessibility statement. Until an administrator publishes a version,
 * pages show defaults built from the home city and its office contact, marked as a draft. Administrators edit
 * one draft per kind and publish it as the next version; published versions are never changed.
 */
@Injectable()
export class LegalNoticesService {
  private readonly defaults = new Map<string, HandlebarsTemplateDelegate>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** What the public page shows: the newest published version, else the defaults as a draft. */
  async current(kind: LegalNoticeKind): Promise<NoticeView> {
    const published = await this.latestPublished(this.dataSource.manager, kind);
    if (published) return view(published, false);
    return { kind, draft: true, version: null, publishedAt: null, texts: await this.defaultTexts(kind) };
  }

  /** The administrator's editor: the open draft, else the current text to start one from. */
  async editable(kind: LegalNoticeKind): Promise<{ current: NoticeView; draft: NoticeView | null }> {
    const draft = await this.dataSource.getRepository(LegalNotice).findOneBy({ kind, publishedAt: IsNull() });
    return { current: await this.current(kind), draft: draft ? view(draft, true) : null };
  }

  async saveDraft(kind: LegalNoticeKind, texts: NoticeTexts, adminId: string): Promise<NoticeView> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(LegalNotice);
      // The kind's row lock serialises two administrators editing at once.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('legal_notices:' || $1))`, [kind]);
      const existing = await repository.findOneBy({ kind, publishedAt: IsNull() });
      const values = { textDe: texts.de, textEn: texts.en, textZh: texts.zh, editedBy: adminId, editedAt: new Date() };
      const saved = existing ? await repository.save(Object.assign(existing, values)) : await repository.save(repository.create({ kind, ...values }));
      await this.audit.record(manager, { action: 'legal_notice.draft_saved', subjectType: 'legal_notice', subjectId: saved.id, after: { kind } });
      return view(saved, true);
    });
  }

  async publish(kind: LegalNoticeKind, adminId: string): Promise<NoticeView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('legal_notices:' || $1))`, [kind]);
      const draft = await manager.getRepository(LegalNotice).findOneBy({ kind, publishedAt: IsNull() });
      if (!draft) throw new UnprocessableEntityException({ statusCode: 422, message: 'There is no draft to publish: save one first.', errors: [{ field: 'kind', message: 'No draft of this notice.' }] });
      const latest = await this.latestPublished(manager, kind);
      Object.assign(draft, { version: (latest?.version ?? 0) + 1, publishedAt: new Date(), publishedBy: adminId });
      await manager.getRepository(LegalNotice).save(draft);
      await this.audit.record(manager, { action: 'legal_notice.published', subjectType: 'legal_notice', subjectId: draft.id, after: { kind, version: draft.version } });
      return view(draft, false);
    });
  }

  /** The defaults, filled with the home city and its economic development office. */
  async defaultTexts(kind: LegalNoticeKind): Promise<NoticeTexts> {
    const city = await this.dataSource.getRepository(City).findOneByOrFail({ slug: this.config.get('HOME_CITY', { infer: true }) });
    const office = await this.dataSource.getRepository(OfficeContact).findOneBy({ cityId: city.id });
    const publicUrl = this.config.get('PUBLIC_URL', { infer: true });
    const texts = {} as NoticeTexts;
    for (const language of LANGUAGES) {
      texts[language] = this.template(kind, language)({
        cityName: localizedCityName(city, language),
        publicUrl,
        sessionIdleMinutes: this.config.get('SESSION_IDLE_MINUTES', { infer: true }),
        sessionAbsoluteHours: this.config.get('SESSION_ABSOLUTE_HOURS', { infer: true }),
        office: {
          name: office?.officeName ?? localizedCityName(city, language),
          contactPerson: office?.contactPerson ?? null,
          email: office?.email ?? '',
          phone: office?.phone ?? null,
          postalAddress: office?.postalAddress ?? localizedCityName(city, language),
        },
      });
    }
    return texts;
  }

  private latestPublished(manager: EntityManager, kind: LegalNoticeKind): Promise<LegalNotice | null> {
    return manager.getRepository(LegalNotice).findOne({ where: { kind, publishedAt: Not(IsNull()) }, order: { version: 'DESC' } });
  }

  private template(kind: LegalNoticeKind, language: UiLanguage): HandlebarsTemplateDelegate {
    const key = `${kind}.${language}`;
    let template = this.defaults.get(key);
    if (!template) {
      // The default is plain text in the notice markup; it is escaped when the page renders it.
      template = Handlebars.compile(readFileSync(join(TEMPLATES, `${key}.hbs`), 'utf8'), { noEscape: true, strict: true });
      this.defaults.set(key, template);
    }
    return template;
  }
}

function view(notice: LegalNotice, draft: boolean): NoticeView {
  return {
    kind: notice.kind,
    draft,
    version: notice.version,
    publishedAt: notice.publishedAt,
    texts: Object.fromEntries(LANGUAGES.map((language) => [language, notice[COLUMN[language]]])) as NoticeTexts,
  };
}
