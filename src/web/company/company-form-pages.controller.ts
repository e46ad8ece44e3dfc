import { Body, ConflictException, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { LOGIN_RATE_LIMIT } from '../../auth/auth.controller';
import { setSessionCookie } from '../../auth/session-cookie';
import { CompanyEmailChangeService } from '../../companies/company-email-change.service';
import { CompanyLoginService } from '../../companies/company-login.service';
import { OptionalPrincipal } from '../../auth/principal.decorator';
import { Principal } from '../../common/principal';
import { ListingLegalBasis } from '../../companies/listing-notice';
import { ListingNoticeService } from '../../companies/listing-notice.service';
import { publicCompanyView } from '../view-models';
import { CompanyRegistrationService } from '../../companies/company-registration.service';
import { CHINA_TRANSFER_CONSENT_VERSION, PRIVACY_POLICY_VERSION } from '../../companies/consent-terms';
import { RegisterCompanyDto } from '../../companies/dto/register-company.dto';
import { Access, Allow } from '../../common/access';
import { Environment } from '../../config/environment';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { fieldOf, FieldErrors, FormBody, profileFromForm, validateForm, valuesFromForm } from './profile-form';
import { ProfileFormPage } from './profile-form-page.service';

const REGISTRATION_RATE_LIMIT = { default: { limit: 20, ttl: 60 * 60_000 } };
const EMPTY_FORM: FormBody = { organisationType: 'company', languages: ['de'], preferredLanguage: 'de', 'targetMarkets.countries': ['CN'] };

/** Registration, email confirmation and sign-in by emailed link: the pages before a company is signed in. */
@ApiExcludeController()
@Allow(Access.Public)
@UseFilters(PageExceptionFilter)
@Controller()
export class CompanyFormPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly registration: CompanyRegistrationService,
    private readonly login: CompanyLoginService,
    private readonly emailChanges: CompanyEmailChangeService,
    private readonly listing: ListingNoticeService,
    private readonly form: ProfileFormPage,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Get('register')
  async registerForm(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.renderRegistration(request, response, valuesFromForm(EMPTY_FORM), {});
  }

  @Post('register')
  @HttpCode(HttpStatus.OK)
  @Throttle(REGISTRATION_RATE_LIMIT)
  async register(@Body() body: FormBody, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const values = valuesFromForm(body);
    const { dto, errors } = await validateForm(RegisterCompanyDto, profileFromForm(body, { privacy: PRIVACY_POLICY_VERSION, china: CHINA_TRANSFER_CONSENT_VERSION }));
    if (!values['consent.privacyPolicyVersion']) errors['consent.privacyPolicyVersion'] = 'validation.required';
    if (Object.keys(errors).length > 0) return this.renderRegistration(request, response, values, errors, HttpStatus.UNPROCESSABLE_ENTITY);
    try {
      await this.registration.register(dto);
    } catch (error) {
      if (error instanceof UnprocessableEntityException) return this.renderRejected(request, response, values, error);
      throw error;
    }
    return this.pages.render({ request, response, view: 'company/message', titleKey: 'register.title', data: { messageKey: 'register.done' } });
  }

  /** The link in the verification email: a button, so that mail scanners opening links do not use it up. */
  @Get('companies/verify')
  verifyPage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render({ request, response, view: 'company/confirm-link', titleKey: 'verify.title', data: { token: token ?? '', action: '/companies/verify', buttonKey: 'verify.button', leadKey: 'verify.title' } });
  }

  @Post('companies/verify')
  @HttpCode(HttpStatus.OK)
  @Throttle(LOGIN_RATE_LIMIT)
  async verify(@Body('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    try {
      await this.registration.verifyEmail(String(token ?? ''));
      return this.pages.render({ request, response, view: 'company/message', titleKey: 'verify.title', data: { messageKey: 'verify.done' } });
    } catch (error) {
      if (!(error instanceof UnprocessableEntityException)) throw error;
      response.status(HttpStatus.UNPROCESSABLE_ENTITY);
      return this.pages.render({ request, response, view: 'company/message', titleKey: 'verify.title', data: { messageKey: 'verify.invalid' } });
    }
  }

  /** The link in the address-change email: a button, so that mail scanners opening links do not use it up. */
  @Get('companies/email-change')
  emailChangePage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    return this.pages.render({ request, response, view: 'company/confirm-link', titleKey: 'emailChange.title', data: { token: token ?? '', action: '/companies/email-change', buttonKey: 'emailChange.button', leadKey: 'emailChange.lead' } });
  }

  @Post('companies/email-change')
  @HttpCode(HttpStatus.OK)
  @Throttle(LOGIN_RATE_LIMIT)
  async confirmEmailChange(@Body('token') token: string | undefined, @OptionalPrincipal() principal: Principal | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const message = (status: number, messageKey: string) => {
      response.status(status);
      return this.pages.render({ request, response, view: 'company/message', titleKey: 'emailChange.title', data: { messageKey } });
    };
    try {
      await this.emailChanges.confirm(String(token ?? ''), principal?.sessionId);
      return message(HttpStatus.OK, 'emailChange.done');
    } catch (error) {
      if (error instanceof ConflictException) return message(HttpStatus.CONFLICT, 'emailChange.taken');
      if (error instanceof UnprocessableEntityException) return message(HttpStatus.UNPROCESSABLE_ENTITY, 'verify.invalid');
      throw error;
    }
  }

  @Get('companies/login')
  loginPage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): string {
    if (token) {
      return this.pages.render({ request, response, view: 'company/confirm-link', titleKey: 'login.title', data: { token, action: '/companies/login/confirm', buttonKey: 'login.confirm', leadKey: 'login.confirmLead' } });
    }
    return this.pages.render({ request, response, view: 'company/login', titleKey: 'login.title', data: { email: '', error: null } });
  }

  @Post('companies/login')
  @HttpCode(HttpStatus.OK)
  @Throttle(LOGIN_RATE_LIMIT)
  async requestLink(@Body('email') email: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const address = String(email ?? '').trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY);
      return this.pages.render({ request, response, view: 'company/login', titleKey: 'login.title', data: { email: address, error: 'validation.email' } });
    }
    await this.login.requestLink(address, request.ip);
    return this.pages.render({ request, response, view: 'company/message', titleKey: 'login.title', data: { messageKey: 'login.sent' } });
  }

  @Post('companies/login/confirm')
  @HttpCode(HttpStatus.OK)
  @Throttle(LOGIN_RATE_LIMIT)
  async signIn(@Body('token') token: string | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const { session } = await this.login.signIn(String(token ?? ''), { userAgent: request.headers['user-agent'], ipAddress: request.ip });
      setSessionCookie(response, session.token, this.config.get('PUBLIC_URL', { infer: true }), session.expiresAt.getTime() - Date.now());
      response.redirect(303, '/companies/area');
    } catch (error) {
      if (!(error instanceof UnprocessableEntityException)) throw error;
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.pages.render({ request, response, view: 'company/message', titleKey: 'login.title', data: { messageKey: 'verify.invalid' } }));
    }
  }

  /** The link in the notice to an imported organisation: what is listed, and the way into its company area. */
  @Get('companies/listing')
  async listingPage(@Query('token') token: string | undefined, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const company = token ? await this.listing.preview(token) : null;
    if (!company) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY);
      return this.pages.render({ request, response, view: 'company/message', titleKey: 'listing.title', data: { messageKey: 'verify.invalid' } });
    }
    return this.pages.render({
      request,
      response,
      view: 'company/listing',
      titleKey: 'listing.title',
      data: { token, company: { ...publicCompanyView(company, language), legalName: company.legalName }, byConsent: company.listingLegalBasis === ListingLegalBasis.Consent },
    });
  }

  @Post('companies/listing')
  @HttpCode(HttpStatus.OK)
  @Throttle(LOGIN_RATE_LIMIT)
  async openListing(@Body('token') token: string | undefined, @Body('confirm') confirm: string | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const { session } = await this.listing.signIn(String(token ?? ''), confirm === 'on', { userAgent: request.headers['user-agent'], ipAddress: request.ip });
      setSessionCookie(response, session.token, this.config.get('PUBLIC_URL', { infer: true }), session.expiresAt.getTime() - Date.now());
      response.redirect(303, '/companies/area');
    } catch (error) {
      if (!(error instanceof UnprocessableEntityException)) throw error;
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.pages.render({ request, response, view: 'company/message', titleKey: 'listing.title', data: { messageKey: 'verify.invalid' } }));
    }
  }

  @Get('assets/profile-form.js')
  script(@Res({ passthrough: true }) response: Response): string {
    response.setHeader('content-type', 'application/javascript; charset=utf-8');
    response.setHeader('cache-control', 'public, max-age=3600');
    return SECTOR_FILTER_SCRIPT;
  }

  /** The reference check names unknown places and codes; the form shows them at their fields. */
  private renderRejected(request: Request, response: Response, values: Record<string, string | string[]>, error: UnprocessableEntityException): Promise<string> {
    const body = error.getResponse() as { errors?: Array<{ field: string }>; nearestMatches?: Array<{ municipality: string }> };
    const errors: FieldErrors = {};
    for (const { field } of body.errors ?? []) errors[fieldOf(field)] = field === 'address.municipality' ? 'register.municipalityUnknown' : 'validation.invalid';
    const nearest = (body.nearestMatches ?? []).map((match) => match.municipality);
    return this.renderRegistration(request, response, values, errors, HttpStatus.UNPROCESSABLE_ENTITY, nearest.length > 0 ? 'register.municipalityUnknown' : null, nearest);
  }

  private renderRegistration(
    request: Request,
    response: Response,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    status: number = HttpStatus.OK,
    formError: string | null = null,
    nearestMatches: string[] = [],
  ): Promise<string> {
    return this.form.render(request, response, { mode: 'register', values, errors, status, formError, nearestMatches });
  }
}

const SECTOR_FILTER_SCRIPT = `(function () {
  var filter = document.getElementById('sector-filter');
  var select = document.getElementById('sectors');
  if (!filter || !select) return;
  document.querySelectorAll('.filter-only').forEach(function (element) { element.hidden = false; });
  filter.addEventListener('input', function () {
    var needle = filter.value.toLowerCase();
    Array.prototype.forEach.call(select.options, function (option) {
      option.hidden = needle !== '' && option.text.toLowerCase().indexOf(needle) === -1 && !option.selected;
    });
  });
})();
`;
