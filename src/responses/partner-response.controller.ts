import { Body, Controller, Get, Header, Headers, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Response } from 'express';
import { join } from 'node:path';
import { Access, Allow } from '../common/access';
import { pickLanguage, UiLanguage } from '../common/language';
import { PageRenderer } from '../web/page-renderer';
import { FieldErrors, formatDate, PartnerResponseService, ResponseForm, ResponseView } from './partner-response.service';
import { RESPONSE_PAGE_TEXTS } from './response-page.texts';

const TIME_ZONE = { DE: 'Europe/Berlin', CN: 'Asia/Shanghai' } as const;
const ANSWER_RATE_LIMIT = { default: { limit: 20, ttl: 60_000 } };
const STATUS_OF_STATE = { invalid: HttpStatus.NOT_FOUND, revoked: HttpStatus.GONE, expired: HttpStatus.GONE, open: HttpStatus.OK, accepted: HttpStatus.OK, declined: HttpStatus.OK } as const;

/** The page a partner reaches from the introduction email: no login, readable on a phone, works without JavaScript. */
@ApiExcludeController()
@Controller('respond')
@Allow(Access.Public)
export class PartnerResponseController {
  private readonly pages = new PageRenderer(join(__dirname, 'views'));

  constructor(private readonly responses: PartnerResponseService) {}

  @Get(':token')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async show(@Param('token') token: string, @Query('lang') lang: string | undefined, @Headers('accept-language') acceptLanguage: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    const view = await this.responses.view(token);
    const language = this.languageFor(view, lang, acceptLanguage);
    response.status(STATUS_OF_STATE[view.state]);
    return this.render(token, view, language, this.prefilled(view), {});
  }

  @Post(':token')
  @Throttle(ANSWER_RATE_LIMIT)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async answer(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const form = pickForm(body);
    const first = await this.responses.view(token);
    const language = this.languageFor(first, lang, acceptLanguage);
    const { view, errors } = await this.responses.answer(token, form, language);
    const invalidInput = Object.keys(errors).length > 0;
    response.status(invalidInput ? HttpStatus.UNPROCESSABLE_ENTITY : STATUS_OF_STATE[view.state]);
    return this.render(token, view, language, invalidInput ? form : this.prefilled(view), errors);
  }

  private render(token: string, view: ResponseView, language: UiLanguage, form: ResponseForm, errors: FieldErrors): string {
    const t = RESPONSE_PAGE_TEXTS[language];
    const request = view.request;
    const timeZone = request ? TIME_ZONE[request.target.city.country] ?? TIME_ZONE.DE : TIME_ZONE.DE;
    const path = `/respond/${encodeURIComponent(token)}`;
    const data = {
      t,
      invalid: view.state === 'invalid',
      revoked: view.state === 'revoked',
      open: view.state === 'open',
      accepted: view.state === 'accepted',
      declined: view.state === 'declined',
      expired: view.state === 'expired',
      intro: request && view.state === 'open' ? this.responses.introduction(request, language, timeZone) : null,
      answeredText: (view.state === 'accepted' ? t.acceptedText : t.declinedText).replace('{date}', formatDate(request?.respondedAt ?? null, language, timeZone)),
      expiredText: t.expiredText.replace('{date}', formatDate(request?.respondBy ?? null, language, timeZone)),
      form: { contactName: '', contactRole: '', contactEmail: '', contactPhone: '', reason: '', ...form },
      errors,
      hasErrors: Object.keys(errors).length > 0,
      action: `${path}?lang=${language}`,
      office: view.office,
    };
    const title = view.state === 'invalid' ? t.invalidTitle : view.state === 'revoked' ? t.revokedTitle : t.title;
    return this.pages.render('respond', data, { language, title, path });
  }

  private languageFor(view: ResponseView, lang: string | undefined, acceptLanguage: string | undefined): UiLanguage {
    return pickLanguage(lang, acceptLanguage, view.request?.target.preferredLanguage ?? 'en');
  }

  private prefilled(view: ResponseView): ResponseForm {
    const target = view.request?.target;
    return { contactName: target?.contactName ?? '', contactRole: target?.contactRole ?? '', contactEmail: target?.contactEmail ?? '', contactPhone: target?.contactPhone ?? '' };
  }
}

function pickForm(body: Record<string, unknown>): ResponseForm {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    decision: text(body.decision),
    contactName: text(body.contactName),
    contactRole: text(body.contactRole),
    contactEmail: text(body.contactEmail),
    contactPhone: text(body.contactPhone),
    reason: text(body.reason),
  };
}
