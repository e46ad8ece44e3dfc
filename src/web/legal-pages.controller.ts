import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Allow } from '../common/access';
import { LegalNoticeKind } from '../privacy/legal-notice.entity';
import { LegalNoticesService } from '../privacy/legal-notices.service';
import { renderNoticeText } from '../privacy/notice-text';
import { PageExceptionFilter } from './page-exception.filter';
import { WebPages } from './web-pages.service';

/** Where each notice lives, under its German address (the city's own) and an English one. */
export const LEGAL_NOTICE_PATHS: Record<LegalNoticeKind, string> = {
  [LegalNoticeKind.Privacy]: '/datenschutz',
  [LegalNoticeKind.Imprint]: '/impressum',
  [LegalNoticeKind.Accessibility]: '/barrierefreiheit',
};

/** The privacy notice (GDPR Art. 13), the legal notice (§ 5 DDG) and the accessibility statement (BITV 2.0). */
@ApiExcludeController()
@Allow(Access.Public)
@UseFilters(PageExceptionFilter)
@Controller()
export class LegalPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly notices: LegalNoticesService,
  ) {}

  @Get('datenschutz')
  privacy(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Privacy, request, response);
  }

  @Get('privacy')
  privacyInEnglish(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Privacy, request, response);
  }

  @Get('impressum')
  imprint(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Imprint, request, response);
  }

  @Get('legal-notice')
  imprintInEnglish(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Imprint, request, response);
  }

  @Get('barrierefreiheit')
  accessibility(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Accessibility, request, response);
  }

  @Get('accessibility')
  accessibilityInEnglish(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(LegalNoticeKind.Accessibility, request, response);
  }

  private async render(kind: LegalNoticeKind, request: Request, response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const notice = await this.notices.current(kind);
    return this.pages.render({
      request,
      response,
      view: 'public/legal-notice',
      titleKey: `legal.${kind}.title`,
      data: { titleKey: `legal.${kind}.title`, draft: notice.draft, version: notice.version, publishedAt: notice.publishedAt, html: renderNoticeText(notice.texts[language]) },
    });
  }
}
