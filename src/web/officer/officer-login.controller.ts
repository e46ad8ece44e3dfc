import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../../auth/access.guard';
import { LOGIN_RATE_LIMIT } from '../../auth/auth.controller';
import { AuthService, SecondFactorRequiredException } from '../../auth/auth.service';
import { setSessionCookie } from '../../auth/session-cookie';
import { Access, Allow } from '../../common/access';
import { Environment } from '../../config/environment';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { FieldMessages, text } from './officer-forms';

const HOME = '/officer';
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Only a path of the officer area on this site; anything else (other sites, //host, back-slashes) goes to the overview. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return HOME;
  return /^\/officer(?:[/?#]|$)/.test(next) && !/[\\\s]/.test(next) && !next.includes('//') ? next : HOME;
}

interface LoginForm {
  email: string;
  next: string;
}

/** Sign-in of officers and administrators: email, password and, when the second factor is on, the 6-digit code. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Public)
@Controller('officer/login')
export class OfficerLoginController {
  private readonly publicUrl: string;

  constructor(
    private readonly pages: WebPages,
    private readonly auth: AuthService,
    config: ConfigService<Environment, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  @Get()
  form(@Query('next') next: unknown, @Req() request: Request, @Res() response: Response): void {
    const principal = (request as AuthenticatedRequest).principal;
    if (principal?.type === 'user') return response.redirect(303, safeNext(next));
    response.send(this.render(request, response, { email: '', next: safeNext(next) }, {}));
  }

  @Post()
  @Throttle(LOGIN_RATE_LIMIT)
  async login(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const form = { email: text(body, 'email').trim().toLowerCase(), next: safeNext(body.next) };
    const password = text(body, 'password');
    const code = text(body, 'totpCode').replace(/\s/g, '');
    const errors: FieldMessages = {};
    if (!form.email) errors.email = translate(language, 'validation.required');
    else if (!EMAIL.test(form.email) || form.email.length > 254) errors.email = translate(language, 'validation.email');
    if (!password) errors.password = translate(language, 'validation.required');
    else if (password.length > 256) errors.password = translate(language, 'validation.tooLong');
    if (code && !/^\d{6}$/.test(code)) errors.totpCode = translate(language, 'officer.login.codeFormat');
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.render(request, response, form, errors));
      return;
    }
    try {
      const { session } = await this.auth.login(form.email, password, code || undefined, { userAgent: request.headers['user-agent'], ipAddress: request.ip });
      setSessionCookie(response, session.token, this.publicUrl, session.expiresAt.getTime() - Date.now());
      response.redirect(303, form.next);
    } catch (error) {
      if (error instanceof SecondFactorRequiredException) {
        response.status(HttpStatus.UNAUTHORIZED).send(this.render(request, response, form, { totpCode: translate(language, 'officer.login.codeRequired') }));
      } else if (error instanceof UnauthorizedException) {
        // Never says which of email, password or code was wrong.
        response.status(HttpStatus.UNAUTHORIZED).send(this.render(request, response, form, {}, 'officer.login.failed'));
      } else {
        throw error;
      }
    }
  }

  private render(request: Request, response: Response, form: LoginForm, errors: FieldMessages, failureKey: string | null = null): string {
    return this.pages.render({
      request,
      response,
      view: 'officer/login',
      titleKey: 'officer.login.title',
      data: { form, errors, hasErrors: Object.keys(errors).length > 0, failureKey },
    });
  }
}
