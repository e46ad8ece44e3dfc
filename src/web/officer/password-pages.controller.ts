import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { LOGIN_RATE_LIMIT } from '../../auth/auth.controller';
import { AuthService } from '../../auth/auth.service';
import { Access, Allow } from '../../common/access';
import { addTexts } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';

addTexts({
  de: {
    'password.title': 'Passwort festlegen',
    'password.lead': 'Legen Sie das Passwort für Ihr Konto bei ISA Match fest (mindestens 12 Zeichen).',
    'password.password': 'Neues Passwort',
    'password.confirm': 'Passwort wiederholen',
    'password.mismatch': 'Die beiden Eingaben stimmen nicht überein.',
    'password.tooShort': 'Mindestens 12 Zeichen.',
    'password.invalidLink': 'Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt. Bitten Sie um eine neue Einladung.',
    'password.done': 'Ihr Passwort ist gesetzt. Sie können sich jetzt anmelden.',
    'password.submit': 'Passwort speichern',
  },
  en: {
    'password.title': 'Set your password',
    'password.lead': 'Choose the password for your ISA Match account (at least 12 characters).',
    'password.password': 'New password',
    'password.confirm': 'Repeat the password',
    'password.mismatch': 'The two entries do not match.',
    'password.tooShort': 'At least 12 characters.',
    'password.invalidLink': 'This link is invalid, expired or already used. Please ask for a new invitation.',
    'password.done': 'Your password is set. You can sign in now.',
    'password.submit': 'Save password',
  },
  zh: {
    'password.title': '设置密码',
    'password.lead': '请为您的 ISA Match 账户设置密码（至少 12 个字符）。',
    'password.password': '新密码',
    'password.confirm': '再次输入密码',
    'password.mismatch': '两次输入不一致。',
    'password.tooShort': '至少 12 个字符。',
    'password.invalidLink': '此链接无效、已过期或已被使用。请申请新的邀请。',
    'password.done': '密码已设置，您现在可以登录。',
    'password.submit': '保存密码',
  },
});

/** The page behind the invitation and set-up links of officers and administrators. */
@ApiExcludeController()
@Allow(Access.Public)
@UseFilters(PageExceptionFilter)
@Controller('auth/set-password')
export class PasswordPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly auth: AuthService,
  ) {}

  @Get()
  form(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.render(request, response, String(token ?? ''), {});
  }

  @Post()
  @Throttle(LOGIN_RATE_LIMIT)
  async save(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = typeof body.token === 'string' ? body.token : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirm === 'string' ? body.confirm : '';
    const errors: Record<string, string> = {};
    if (password.length < 12) errors.password = 'password.tooShort';
    else if (password.length > 256) errors.password = 'validation.tooLong';
    else if (password !== confirm) errors.confirm = 'password.mismatch';
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.render(request, response, token, errors));
      return;
    }
    try {
      await this.auth.setPassword(token, password);
    } catch (error) {
      if (!(error instanceof UnprocessableEntityException)) throw error;
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.render(request, response, token, {}, 'password.invalidLink'));
      return;
    }
    response.status(HttpStatus.OK).send(this.pages.render({ request, response, view: 'officer/password', titleKey: 'password.title', data: { done: true, token: '', errors: { password: null, confirm: null }, failureKey: null } }));
  }

  private render(request: Request, response: Response, token: string, errors: Record<string, string>, failureKey: string | null = null): string {
    return this.pages.render({
      request,
      response,
      view: 'officer/password',
      titleKey: 'password.title',
      data: { done: false, token, errors: { password: errors.password ?? null, confirm: errors.confirm ?? null }, failureKey },
    });
  }
}
