import { Body, ConflictException, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../../auth/principal.decorator';
import { clearSessionCookie } from '../../auth/session-cookie';
import { CompanyDirectoryService } from '../../companies/company-directory.service';
import { CompanyLifecycleService } from '../../companies/company-lifecycle.service';
import { CompanyEmailChangeService } from '../../companies/company-email-change.service';
import { CompanyProfileService } from '../../companies/company-profile.service';
import { introductionContactOf } from '../../match-requests/dto/match-request.response';
import { EXPORT_FILE_NAME } from '../../privacy/company-export.controller';
import { CompanyExportService } from '../../privacy/company-export.service';
import { PrivacyConfirmationService } from '../../privacy/privacy-confirmation.service';
import { CooperationType } from '../../companies/cooperation-type';
import { ListingLegalBasis } from '../../companies/listing-notice';
import { ListingNoticeService } from '../../companies/listing-notice.service';
import { CompanyProfileDto } from '../../companies/dto/register-company.dto';
import { Access, Allow } from '../../common/access';
import { UiLanguage } from '../../common/language';
import { Principal } from '../../common/principal';
import { Environment } from '../../config/environment';
import { ConsentKind } from '../../companies/company-consent.entity';
import { CHINA_TRANSFER_CONSENT_TEXT, CHINA_TRANSFER_CONSENT_VERSION } from '../../companies/consent-terms';
import { CreateMatchRequestDto } from '../../match-requests/dto/match-request.dto';
import { MatchRequest } from '../../match-requests/match-request.entity';
import { CompanyMatchRequest, MatchRequestsService } from '../../match-requests/match-requests.service';
import { MatchingService } from '../../matching/matching.service';
import { SuggestionAlertsService } from '../../matching/suggestion-alerts.service';
import { cooperationLabel, explainMatch } from '../../matching/suggestion-reasons';
import { PageExceptionFilter } from '../page-exception.filter';
import { publicCompanyView } from '../view-models';
import { WebPages } from '../web-pages.service';
import { FieldErrors, FormBody, profileFromForm, validateForm, valuesFromCompany, valuesFromForm } from './profile-form';
import { ProfileFormPage } from './profile-form-page.service';

type CompanyPrincipal = Extract<Principal, { type: 'company' }>;

const NOTICES: Record<string, string> = {
  saved: 'area.saved',
  emailPending: 'area.emailPending',
  paused: 'area.paused',
  resumed: 'area.resumed',
  renewed: 'area.renewed',
  alerts: 'area.alertsSaved',
  requested: 'request.sent',
  withdrawn: 'requests.withdrawn',
  consentGiven: 'area.chinaConsentGiven',
  consentWithdrawn: 'area.chinaConsentWithdrawn',
  'listing-confirmed': 'area.listingConfirmed',
  'privacy-confirmed': 'privacyConfirm.done',
};

/** Why a request was refused, as a text key. */
function refusalKey(error: ConflictException | UnprocessableEntityException): string {
  const body = error.getResponse() as { existingRequest?: { status: string }; openRequests?: number; code?: string };
  if (body.openRequests !== undefined) return 'request.cap';
  if (body.code === 'china_transfer_consent_required') return 'request.chinaConsent';
  if (body.code === 'transfer_basis_required') return 'request.transferBasis';
  if (body.existingRequest?.status === 'declined') return 'request.declined';
  if (body.existingRequest?.status === 'connected') return 'request.connected';
  if (body.existingRequest) return 'request.duplicate';
  return 'request.notPossible';
}

/** The company area, after signing in with the emailed link: profile, suggestions, introductions. */
@ApiExcludeController()
@Allow(Access.Company)
@UseFilters(PageExceptionFilter)
@Controller('companies')
export class CompanyAreaPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly profiles: CompanyProfileService,
    private readonly emailChanges: CompanyEmailChangeService,
    private readonly exports: CompanyExportService,
    private readonly listing: ListingNoticeService,
    private readonly privacy: PrivacyConfirmationService,
    private readonly lifecycle: CompanyLifecycleService,
    private readonly directory: CompanyDirectoryService,
    private readonly matching: MatchingService,
    private readonly alerts: SuggestionAlertsService,
    private readonly requests: MatchRequestsService,
    private readonly form: ProfileFormPage,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Get('area')
  async area(@Query('done') done: string | undefined, @CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const { company, consents } = await this.profiles.find(principal.companyId);
    const pendingPrivacy = await this.privacy.pending(company.id);
    if (pendingPrivacy) {
      return this.pages.render({ request, response, view: 'company/confirm-privacy', titleKey: 'privacyConfirm.title', data: { version: pendingPrivacy.version, publishedAt: pendingPrivacy.publishedAt } });
    }
    const alert = await this.alerts.get(company.id);
    const chinaConsent = consents.find((consent) => consent.kind === ConsentKind.ChinaTransfer && !consent.withdrawnAt) ?? null;
    return this.pages.render({
      request,
      response,
      view: 'company/area',
      titleKey: 'area.title',
      noticeKey: NOTICES[done ?? ''] ?? null,
      data: {
        company: { ...publicCompanyView(company, language), legalName: company.legalName, statusKey: `status.${company.status}`, status: company.status, expiresAt: company.expiresAt, contactName: company.contactName, contactEmail: company.contactEmail, pendingContactEmail: await this.emailChanges.pending(company.id) },
        canPause: company.status === 'active',
        canResume: company.status === 'paused',
        canRenew: ['active', 'paused', 'expired'].includes(company.status),
        alertsOn: alert.enabled,
        // Only German companies share across the border by their own consent; a Chinese one's basis is recorded by the office.
        chinaTransfer:
          company.city.country === 'DE'
            ? { given: chinaConsent?.version === CHINA_TRANSFER_CONSENT_VERSION, outdated: !!chinaConsent && chinaConsent.version !== CHINA_TRANSFER_CONSENT_VERSION, givenAt: chinaConsent?.givenAt ?? null, version: CHINA_TRANSFER_CONSENT_VERSION, text: CHINA_TRANSFER_CONSENT_TEXT[language] }
            : null,
        listingToConfirm: company.listingLegalBasis === ListingLegalBasis.Consent && !company.listingConfirmedAt,
      },
    });
  }

  @Post('area/:action')
  @HttpCode(HttpStatus.OK)
  async act(@Param('action') action: string, @CurrentPrincipal() principal: CompanyPrincipal, @Res() response: Response): Promise<void> {
    const id = principal.companyId;
    const done = { pause: 'paused', resume: 'resumed', renew: 'renewed', 'confirm-listing': 'listing-confirmed' }[action];
    if (action === 'pause') await this.lifecycle.pause(id);
    else if (action === 'confirm-listing') await this.listing.confirm(id);
    else if (action === 'resume') await this.lifecycle.resume(id);
    else if (action === 'renew') await this.lifecycle.renew(id);
    else throw new UnprocessableEntityException();
    response.redirect(303, `/companies/area?done=${done}`);
  }

  /** Gives (in the current version) or withdraws the consent to share with organisations in China, at any time. */
  @Post('china-transfer')
  @HttpCode(HttpStatus.OK)
  async chinaTransfer(@Body('action') action: string | undefined, @CurrentPrincipal() principal: CompanyPrincipal, @Res() response: Response): Promise<void> {
    if (action === 'give') await this.profiles.giveChinaTransferConsent(principal.companyId, CHINA_TRANSFER_CONSENT_VERSION);
    else if (action === 'withdraw') await this.profiles.withdrawChinaTransferConsent(principal.companyId);
    else throw new UnprocessableEntityException({ statusCode: 422, message: 'action must be give or withdraw', errors: [{ field: 'action', message: 'action must be give or withdraw' }] });
    response.redirect(303, `/companies/area?done=${action === 'give' ? 'consentGiven' : 'consentWithdrawn'}#china-transfer`);
  }

  /** A new privacy notice was published: the company confirms it before it goes on. */
  @Post('privacy-confirmation')
  @HttpCode(HttpStatus.OK)
  async confirmPrivacy(@CurrentPrincipal() principal: CompanyPrincipal, @Res() response: Response): Promise<void> {
    await this.privacy.confirm(principal.companyId);
    response.redirect(303, '/companies/area?done=privacy-confirmed');
  }

  @Post('alerts')
  @HttpCode(HttpStatus.OK)
  async setAlerts(@Body('enabled') enabled: string | undefined, @CurrentPrincipal() principal: CompanyPrincipal, @Res() response: Response): Promise<void> {
    await this.alerts.set(principal.companyId, enabled === 'on');
    response.redirect(303, '/companies/area?done=alerts');
  }

  @Get('export')
  @Header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`)
  @Header('cache-control', 'no-store')
  async exportData(@CurrentPrincipal() principal: CompanyPrincipal, @Res({ passthrough: true }) response: Response): Promise<string> {
    response.setHeader('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(await this.exports.export(principal.companyId), null, 2);
  }

  @Post('delete')
  @HttpCode(HttpStatus.OK)
  async erase(@Body('confirm') confirm: string | undefined, @CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (!['DELETE', 'LÖSCHEN', 'LOESCHEN'].includes(String(confirm ?? '').trim().toUpperCase())) {
      response.redirect(303, '/companies/area');
      return;
    }
    await this.profiles.erase(principal.companyId, principal);
    clearSessionCookie(response, this.config.get('PUBLIC_URL', { infer: true }));
    response.status(HttpStatus.OK).send(this.pages.render({ request, response, view: 'company/message', titleKey: 'area.title', data: { messageKey: 'area.deleted' } }));
  }

  @Get('profile')
  async editForm(@CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { company } = await this.profiles.find(principal.companyId);
    return this.renderEdit(request, response, valuesFromCompany(company), {});
  }

  @Post('profile')
  @HttpCode(HttpStatus.OK)
  async saveProfile(@Body() body: FormBody, @CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string | void> {
    const values = valuesFromForm(body);
    const plain = profileFromForm(body, { privacy: '', china: '' });
    delete plain.consent;
    const { dto, errors } = await validateForm(CompanyProfileDto, plain);
    if (Object.keys(errors).length > 0) return this.renderEdit(request, response, values, errors, HttpStatus.UNPROCESSABLE_ENTITY);
    let saved;
    try {
      saved = await this.profiles.update(principal.companyId, dto);
    } catch (error) {
      if (error instanceof UnprocessableEntityException) {
        const problems = (error.getResponse() as { errors?: Array<{ field: string }> }).errors ?? [];
        const fieldErrors: FieldErrors = Object.fromEntries(problems.map(({ field }) => [field.replace(/\[\d+\]$/, ''), field === 'address.municipality' ? 'register.municipalityUnknown' : 'validation.invalid']));
        return this.renderEdit(request, response, values, fieldErrors, HttpStatus.UNPROCESSABLE_ENTITY);
      }
      if (error instanceof ConflictException) {
        const nameTaken = (error.getResponse() as { field?: string }).field === 'legalName';
        return this.renderEdit(request, response, values, nameTaken ? { legalName: 'profile.nameTaken' } : { 'contact.email': 'register.duplicate' }, HttpStatus.CONFLICT);
      }
      throw error;
    }
    response.redirect(303, `/companies/area?done=${saved.contactEmail === dto.contact.email ? 'saved' : 'emailPending'}`);
  }

  @Get('suggestions')
  async suggestions(@CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    try {
      const suggestions = await this.matching.suggestionsFor(principal.companyId, 20);
      const items = suggestions.map((suggestion) => ({ company: publicCompanyView(suggestion.company, language), score: suggestion.score, reasons: explainMatch(suggestion.signals, language) }));
      const crossBorder = await this.matching.crossBorderNotice(principal.companyId);
      return this.pages.render({ request, response, view: 'company/suggestions', titleKey: 'suggestions.title', data: { items, notActive: false, crossBorder } });
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      return this.pages.render({ request, response, view: 'company/suggestions', titleKey: 'suggestions.title', data: { items: [], notActive: true } });
    }
  }

  @Get('match-requests/new')
  async requestForm(@Query('target', ParseUUIDPipe) targetId: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.renderRequestForm(request, response, targetId, { purpose: '', message: '' }, {});
  }

  @Post('match-requests')
  @HttpCode(HttpStatus.OK)
  async createRequest(@Body() body: FormBody, @CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string | void> {
    const values = { purpose: String(body.purpose ?? ''), message: String(body.message ?? '') };
    const targetId = String(body.targetCompanyId ?? '');
    const { dto, errors } = await validateForm(CreateMatchRequestDto, { targetCompanyId: targetId, purpose: values.purpose, message: values.message });
    if (Object.keys(errors).length > 0) return this.renderRequestForm(request, response, targetId, values, errors, HttpStatus.UNPROCESSABLE_ENTITY);
    try {
      await this.requests.request(principal.companyId, dto);
    } catch (error) {
      if (error instanceof ConflictException || error instanceof UnprocessableEntityException) {
        return this.renderRequestForm(request, response, targetId, values, {}, error.getStatus(), refusalKey(error));
      }
      throw error;
    }
    response.redirect(303, '/companies/match-requests?done=requested');
  }

  @Get('match-requests')
  async requestList(@Query('done') done: string | undefined, @CurrentPrincipal() principal: CompanyPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const language = this.pages.language(request, response);
    const requests = await this.requests.listForCompany(principal.companyId);
    return this.pages.render({
      request,
      response,
      view: 'company/requests',
      titleKey: 'requests.title',
      noticeKey: NOTICES[done ?? ''] ?? null,
      data: { requests: requests.map((item) => this.requestView(item, principal.companyId, language)) },
    });
  }

  @Post('match-requests/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  async withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: CompanyPrincipal, @Res() response: Response): Promise<void> {
    await this.requests.withdraw(principal.companyId, id);
    response.redirect(303, '/companies/match-requests?done=withdrawn');
  }

  private requestView(request: CompanyMatchRequest, companyId: string, language: UiLanguage) {
    const outgoing = request.requesterCompanyId === companyId;
    const partner = outgoing ? request.target : request.requester;
    const undelivered = outgoing && request.introductionUndeliveredAt !== null && request.introducedAt === null;
    const steps = [
      { key: 'timeline.requested', at: request.createdAt },
      { key: 'timeline.reviewed', at: request.homeDecidedAt },
      undelivered ? { key: 'timeline.notReached', at: request.introductionUndeliveredAt, problem: true } : { key: 'timeline.introduced', at: request.introducedAt },
      { key: 'timeline.answered', at: request.respondedAt },
      { key: 'timeline.connected', at: request.connectedAt },
    ];
    return {
      id: request.id,
      directionKey: outgoing ? 'requests.outgoing' : 'requests.incoming',
      statusKey: `mrstatus.${request.status}`,
      partner: publicCompanyView(partner, language),
      purpose: cooperationLabel(request.purpose, language),
      message: request.message,
      reason: outgoing ? (request.rejectionReason ?? request.declineReason) : null,
      closingKey: request.closingReason ? `requests.closing.${request.closingReason}` : null,
      respondBy: request.status === 'introduced' ? request.respondBy : null,
      steps: steps.map((step) => ({ ...step, done: step.at !== null })),
      canWithdraw: outgoing && ['pending_review', 'pending_partner_office'].includes(request.status),
      contact: request.status === 'connected' ? (outgoing ? introductionContactOf(request) : { name: partner.contactName, role: partner.contactRole, email: partner.contactEmail, phone: partner.contactPhone }) : null,
    };
  }

  private async renderRequestForm(request: Request, response: Response, targetId: string, values: { purpose: string; message: string }, errors: FieldErrors, status: number = HttpStatus.OK, formError: string | null = null): Promise<string> {
    const language = this.pages.language(request, response);
    const target = await this.directory.findPublic(targetId);
    if (!target) throw new UnprocessableEntityException();
    response.status(status);
    return this.pages.render({
      request,
      response,
      view: 'company/request-form',
      titleKey: 'request.title',
      data: {
        target: publicCompanyView(target, language),
        purposes: Object.values(CooperationType).map((type) => ({ value: type, label: cooperationLabel(type, language), selected: type === (values.purpose || target.offersTypes[0]) })),
        message: values.message,
        errors: { purpose: errors.purpose ?? null, message: errors.message ?? null },
        formError,
      },
    });
  }

  private renderEdit(request: Request, response: Response, values: Record<string, string | string[]>, errors: FieldErrors, status: number = HttpStatus.OK): Promise<string> {
    return this.form.render(request, response, { mode: 'edit', values, errors, status });
  }
}
