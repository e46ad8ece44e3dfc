import { Body, Controller, Delete, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { LOGIN_RATE_LIMIT } from '../auth/auth.controller';
import { SessionResponse } from '../auth/dto/auth.responses';
import { CurrentPrincipal, OptionalPrincipal } from '../auth/principal.decorator';
import { setSessionCookie } from '../auth/session-cookie';
import { Access, Allow, ownCompany } from '../common/access';
import { Principal } from '../common/principal';
import { Environment } from '../config/environment';
import { CompanyDirectoryService } from './company-directory.service';
import { CompanyEmailChangeService } from './company-email-change.service';
import { CompanyLifecycleService } from './company-lifecycle.service';
import { CompanyLoginService } from './company-login.service';
import { CompanyProfileService } from './company-profile.service';
import { CompanyRegistrationService } from './company-registration.service';
import { CHINA_TRANSFER_CONSENT_TEXT, CHINA_TRANSFER_CONSENT_VERSION, PRIVACY_POLICY_VERSION } from './consent-terms';
import { ChinaTransferConsentDto, LinkTokenDto, LoginLinkDto } from './dto/company-requests.dto';
import { CompanyProfileResponse, PublicCompanyResponse, toCompanyProfileResponse, toPublicCompanyResponse } from './dto/company.response';
import { DirectoryQuery } from './dto/directory.query';
import { CompanyProfileDto, RegisterCompanyDto } from './dto/register-company.dto';
import { CompanyStatusResponse, ConsentTermsResponse, DirectoryPageResponse, RegistrationResponse } from './dto/registration.response';

const REGISTRATION_ANSWER = 'Thank you. Please check the inbox of the contact email address: we have sent a message there.';
const REGISTRATION_RATE_LIMIT = { default: { limit: 5, ttl: 60_000, blockDuration: 60_000 } };

@ApiTags('companies')
@Controller('api/companies')
export class CompaniesController {
  constructor(
    private readonly registration: CompanyRegistrationService,
    private readonly directory: CompanyDirectoryService,
    private readonly profiles: CompanyProfileService,
    private readonly lifecycle: CompanyLifecycleService,
    private readonly login: CompanyLoginService,
    private readonly emailChanges: CompanyEmailChangeService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(Access.Public)
  @Throttle(REGISTRATION_RATE_LIMIT)
  @ApiOperation({
    summary:
      'Registers a company or research institution; an email goes to the contact address. The answer is the same whether or not the organisation or address is registered already: the address learns it by email.',
  })
  @ApiAcceptedResponse({ type: RegistrationResponse })
  @ApiUnprocessableEntityResponse({ description: 'Municipality outside every member (with nearest matches), unknown NACE code or target market.' })
  async register(@Body() body: RegisterCompanyDto): Promise<RegistrationResponse> {
    await this.registration.register(body);
    return { message: REGISTRATION_ANSWER };
  }

  @Get('consent-terms')
  @Allow(Access.Public)
  @ApiOperation({ summary: 'The current privacy policy version and the separate consent text for sharing with organisations in China.' })
  @ApiOkResponse({ type: ConsentTermsResponse })
  consentTerms(): ConsentTermsResponse {
    return { privacyPolicyVersion: PRIVACY_POLICY_VERSION, chinaTransferVersion: CHINA_TRANSFER_CONSENT_VERSION, chinaTransferText: { ...CHINA_TRANSFER_CONSENT_TEXT } };
  }

  @Post('email-verification')
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Confirms the contact email with the token of the verification link (valid 48 hours, once).' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  @ApiUnprocessableEntityResponse({ description: 'The link is invalid, expired or used.' })
  async verifyEmail(@Body() body: LinkTokenDto): Promise<CompanyStatusResponse> {
    const company = await this.registration.verifyEmail(body.token);
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }

  @Post('login-link')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: "Emails a login link (valid 15 minutes, once) to a profile's contact email. The answer is the same whether or not the address is known." })
  @ApiAcceptedResponse()
  @ApiTooManyRequestsResponse({ description: 'More than ten requests a minute or twenty an hour from this client.' })
  async requestLoginLink(@Body() body: LoginLinkDto, @Req() request: Request): Promise<{ message: string }> {
    await this.login.requestLink(body.email, request.ip);
    return { message: 'If this address belongs to a registered profile, a login link is on its way.' };
  }

  @Post('session')
  @HttpCode(HttpStatus.OK)
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Signs the company user in with the login link token: sets the session cookie.' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnprocessableEntityResponse({ description: 'The link is invalid, expired or used.' })
  async signIn(@Body() body: LinkTokenDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    const { session, companyId } = await this.login.signIn(body.token, { userAgent: request.headers['user-agent'], ipAddress: request.ip });
    setSessionCookie(response, session.token, this.config.get('PUBLIC_URL', { infer: true }), session.expiresAt.getTime() - Date.now());
    return { principal: { type: 'company', companyId, userId: null, role: null, cityId: null }, expiresAt: session.expiresAt };
  }

  @Get()
  @Allow(Access.Public)
  @ApiOperation({ summary: 'The directory of active profiles, without contact data: full-text search and filters, by relevance when searching.' })
  @ApiOkResponse({ type: DirectoryPageResponse })
  async search(@Query() query: DirectoryQuery): Promise<DirectoryPageResponse> {
    const { companies, total } = await this.directory.search(query);
    return { items: companies.map((company) => toPublicCompanyResponse(company)), total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @Allow(Access.Public)
  @ApiOperation({ summary: 'The public profile of an active company (an anonymous one without name and website).' })
  @ApiOkResponse({ type: PublicCompanyResponse })
  @ApiNotFoundResponse()
  async findPublic(@Param('id', ParseUUIDPipe) id: string): Promise<PublicCompanyResponse> {
    const company = await this.directory.findPublic(id);
    if (!company) throw new NotFoundException({ statusCode: 404, message: 'No active profile has this id.' });
    return toPublicCompanyResponse(company);
  }

  @Get(':id/profile')
  @Allow(ownCompany('id'), Access.HomeOffice)
  @ApiOperation({ summary: 'The whole profile with contact data, status and consents: for the company itself and officers.' })
  @ApiOkResponse({ type: CompanyProfileResponse })
  async profile(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CompanyProfileResponse> {
    const { company, consents } = await this.profiles.find(id);
    const own = principal.type === 'company' && principal.companyId === id;
    return { ...toCompanyProfileResponse(company, consents), ...(own && { pendingContactEmail: await this.emailChanges.pending(id) }) };
  }

  @Put(':id/profile')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Replaces the profile; member city, SME class and search text follow.' })
  @ApiOkResponse({ type: CompanyProfileResponse })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: CompanyProfileDto, @CurrentPrincipal() principal: Principal): Promise<CompanyProfileResponse> {
    await this.profiles.update(id, body);
    return this.profile(id, principal);
  }

  @Post('email-change')
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Confirms a new login address with the token of the link sent to it (valid 48 hours, once): the old address is told, every other session of the company ends.' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  @ApiUnprocessableEntityResponse({ description: 'The link is invalid, expired or used.' })
  @ApiConflictResponse({ description: 'The new address belongs to another profile meanwhile.' })
  async confirmEmailChange(@Body() body: LinkTokenDto, @OptionalPrincipal() principal: Principal | undefined): Promise<CompanyStatusResponse> {
    const company = await this.emailChanges.confirm(body.token, principal?.sessionId);
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }

  @Post(':id/pause')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Hides the profile from everyone else, keeping it.' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  async pause(@Param('id', ParseUUIDPipe) id: string): Promise<CompanyStatusResponse> {
    return this.statusOf(await this.lifecycle.pause(id));
  }

  @Post(':id/resume')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Shows a paused profile again.' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  async resume(@Param('id', ParseUUIDPipe) id: string): Promise<CompanyStatusResponse> {
    return this.statusOf(await this.lifecycle.resume(id));
  }

  @Post(':id/renew')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Keeps the profile for another 12 months (also after it expired).' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  async renew(@Param('id', ParseUUIDPipe) id: string): Promise<CompanyStatusResponse> {
    return this.statusOf(await this.lifecycle.renew(id));
  }

  @Put(':id/consents/china-transfer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Gives the separate consent to share the profile with organisations in China.' })
  @ApiNoContentResponse()
  async giveChinaTransferConsent(@Param('id', ParseUUIDPipe) id: string, @Body() body: ChinaTransferConsentDto): Promise<void> {
    await this.profiles.giveChinaTransferConsent(id, body.version);
  }

  @Delete(':id/consents/china-transfer')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(ownCompany('id'))
  @ApiOperation({
    summary: 'Withdraws the consent to share with organisations in China: nothing more crosses that border; open requests across it end (their unsent emails cancelled, requester and offices told). What happened stays in the history.',
  })
  @ApiNoContentResponse()
  async withdrawChinaTransferConsent(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.profiles.withdrawChinaTransferConsent(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(ownCompany('id'), Access.HomeOffice)
  @ApiOperation({
    summary: 'Erases the company: every open request ends and those involved are told; personal data leaves the profile, messages, emails and their files, sessions and the audit trail; the organisation stays anonymised for statistics.',
  })
  @ApiNoContentResponse()
  async erase(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.profiles.erase(id, principal);
  }

  private statusOf(company: { id: string; status: CompanyStatusResponse['status']; expiresAt: Date | null }): CompanyStatusResponse {
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }
}
