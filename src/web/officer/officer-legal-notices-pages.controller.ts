import { Body, Controller, Get, HttpStatus, Param, ParseEnumPipe, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { Access, Allow } from '../../common/access';
import { LegalNoticeKind } from '../../privacy/legal-notice.entity';
import { LegalNoticesService, NoticeTexts } from '../../privacy/legal-notices.service';
import { translate } from '../i18n/texts';
import { LEGAL_NOTICE_PATHS } from '../legal-pages.controller';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { noticeOf, Officer, text } from './officer-forms';

const KIND = new ParseEnumPipe(LegalNoticeKind);
const NOTICES = { saved: 'officer.legal.saved', published: 'officer.legal.published' };
const MAX_TEXT = 100_000;

/** Administrators edit the privacy notice, legal notice and accessibility statement as drafts and publish them. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Admin)
@Controller('officer/legal-notices')
export class OfficerLegalNoticesPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly notices: LegalNoticesService,
  ) {}

  @Get()
  async list(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const kinds = await Promise.all(
      Object.values(LegalNoticeKind).map(async (kind) => {
        const { current, draft } = await this.notices.editable(kind);
        return { kind, titleKey: `legal.${kind}.title`, path: LEGAL_NOTICE_PATHS[kind], version: current.draft ? null : current.version, publishedAt: current.publishedAt, hasDraft: draft !== null };
      }),
    );
    return this.pages.render({ request, response, view: 'officer/legal-notices', titleKey: 'officer.legal.title', data: { kinds } });
  }

  @Get(':kind')
  async edit(@Param('kind', KIND) kind: LegalNoticeKind, @Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { current, draft } = await this.notices.editable(kind);
    return this.renderEditor(request, response, kind, (draft ?? current).texts, { hasDraft: draft !== null, current, noticeKey: noticeOf(query, NOTICES), errors: {} });
  }

  @Post(':kind')
  async save(@Param('kind', KIND) kind: LegalNoticeKind, @Body() body: Record<string, unknown>, @CurrentUser() admin: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const texts: NoticeTexts = { de: text(body, 'de'), en: text(body, 'en'), zh: text(body, 'zh') };
    const errors: Record<string, string> = {};
    for (const [field, value] of Object.entries(texts)) {
      if (value.trim() === '') errors[field] = translate(language, 'validation.required');
      else if (value.length > MAX_TEXT) errors[field] = translate(language, 'validation.tooLong');
    }
    if (Object.keys(errors).length > 0) {
      const { current, draft } = await this.notices.editable(kind);
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.renderEditor(request, response, kind, texts, { hasDraft: draft !== null, current, noticeKey: null, errors }));
      return;
    }
    await this.notices.saveDraft(kind, texts, admin.userId);
    response.redirect(303, `/officer/legal-notices/${kind}?done=saved`);
  }

  @Post(':kind/publish')
  async publish(@Param('kind', KIND) kind: LegalNoticeKind, @CurrentUser() admin: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      await this.notices.publish(kind, admin.userId);
    } catch (error) {
      if (!(error instanceof UnprocessableEntityException)) throw error;
      const { current } = await this.notices.editable(kind);
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.renderEditor(request, response, kind, current.texts, { hasDraft: false, current, noticeKey: null, errors: { publish: translate(this.pages.language(request, response), 'officer.legal.noDraft') } }));
      return;
    }
    response.redirect(303, `/officer/legal-notices/${kind}?done=published`);
  }

  private async renderEditor(
    request: Request,
    response: Response,
    kind: LegalNoticeKind,
    texts: NoticeTexts,
    state: { hasDraft: boolean; current: { draft: boolean; version: number | null; publishedAt: Date | null }; noticeKey: string | null; errors: Record<string, string> },
  ): Promise<string> {
    return this.pages.render({
      request,
      response,
      view: 'officer/legal-notice-edit',
      titleKey: 'officer.legal.title',
      noticeKey: state.noticeKey,
      data: {
        kind,
        titleKey: `legal.${kind}.title`,
        path: LEGAL_NOTICE_PATHS[kind],
        hasDraft: state.hasDraft,
        published: state.current.draft ? null : { version: state.current.version, publishedAt: state.current.publishedAt },
        fields: (['de', 'en', 'zh'] as const).map((language) => ({ name: language, labelKey: `officer.legal.text.${language}`, value: texts[language], error: state.errors[language] ?? null })),
        publishError: state.errors.publish ?? null,
        privacy: kind === LegalNoticeKind.Privacy,
      },
    });
  }
}
