import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Access, Allow } from '../common/access';
import { Principal } from '../common/principal';
import { Environment } from '../config/environment';
import { AuthService } from './auth.service';
import { PrincipalResponse, SessionResponse, TokenSessionResponse, TotpSetupResponse, toPrincipalResponse } from './dto/auth.responses';
import { LoginDto } from './dto/login.dto';
import { NotificationSettingsDto } from './dto/notification-settings.dto';
import { SetPasswordDto } from './dto/set-password.dto';
import { TotpCodeDto } from './dto/totp-code.dto';
import { CurrentPrincipal, CurrentUser } from './principal.decorator';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export const LOGIN_RATE_LIMIT = { default: { limit: 10, ttl: 60_000, blockDuration: 60_000 } };

function clientOf(request: Request) {
  return { userAgent: request.headers['user-agent'], ipAddress: request.ip };
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  private readonly publicUrl: string;

  constructor(
    private readonly auth: AuthService,
    config: ConfigService<Environment, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Officer and admin login for the browser: sets the httpOnly session cookie.' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email, password or code (never says which); `secondFactorRequired` asks for the code.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this address.' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionResponse> {
    const { session, user } = await this.auth.login(body.email, body.password, body.totpCode, clientOf(request));
    setSessionCookie(response, session.token, this.publicUrl, session.expiresAt.getTime() - Date.now());
    return { principal: { type: 'user', userId: user.id, role: user.role, cityId: user.cityId, companyId: null }, expiresAt: session.expiresAt };
  }

  @Post('tokens')
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Officer and admin login for API clients: returns a bearer token for the same kind of server-side session.' })
  @ApiCreatedResponse({ type: TokenSessionResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email, password or code (never says which).' })
  async createToken(@Body() body: LoginDto, @Req() request: Request): Promise<TokenSessionResponse> {
    const { session, user } = await this.auth.login(body.email, body.password, body.totpCode, clientOf(request));
    return {
      token: session.token,
      principal: { type: 'user', userId: user.id, role: user.role, cityId: user.cityId, companyId: null },
      expiresAt: session.expiresAt,
    };
  }

  @Get('me')
  @Allow(Access.Officer, Access.Company)
  @ApiOperation({ summary: 'Who the current session belongs to.' })
  @ApiOkResponse({ type: PrincipalResponse })
  me(@CurrentPrincipal() principal: Principal): PrincipalResponse {
    return toPrincipalResponse(principal);
  }

  @Get('me/notifications')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'How you hear of work waiting for review.' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  async notifications(@CurrentUser() user: { userId: string }): Promise<NotificationSettingsDto> {
    return { mode: await this.auth.notificationMode(user.userId) };
  }

  @Put('me/notifications')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Chooses how you hear of work waiting for review: each item at once, a daily summary, or not at all.' })
  @ApiOkResponse({ type: NotificationSettingsDto })
  async setNotifications(@Body() body: NotificationSettingsDto, @CurrentUser() user: { userId: string }): Promise<NotificationSettingsDto> {
    return { mode: await this.auth.setNotificationMode(user.userId, body.mode) };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer, Access.Company)
  @ApiOperation({ summary: 'Ends this session.' })
  @ApiNoContentResponse()
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(principal);
    clearSessionCookie(response, this.publicUrl);
  }

  @Post('logout-everywhere')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer, Access.Company)
  @ApiOperation({ summary: 'Ends every session of this account, on every device.' })
  @ApiNoContentResponse()
  async logoutEverywhere(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logoutEverywhere(principal);
    clearSessionCookie(response, this.publicUrl);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Public)
  @Throttle(LOGIN_RATE_LIMIT)
  @ApiOperation({ summary: 'Sets the password with the one-time link of an invitation or of `npm run admin:create`.' })
  @ApiNoContentResponse()
  async setPassword(@Body() body: SetPasswordDto): Promise<void> {
    await this.auth.setPassword(body.token, body.password);
  }

  @Post('totp')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Starts turning on the second factor: returns the secret for the authenticator app.' })
  @ApiCreatedResponse({ type: TotpSetupResponse })
  beginTotp(@CurrentUser() user: { userId: string }): Promise<TotpSetupResponse> {
    return this.auth.beginTotpSetup(user.userId);
  }

  @Post('totp/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Turns the second factor on with a first code from the app.' })
  @ApiNoContentResponse()
  async confirmTotp(@CurrentUser() user: { userId: string }, @Body() body: TotpCodeDto): Promise<void> {
    await this.auth.confirmTotp(user.userId, body.code);
  }

  @Delete('totp')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Turns the second factor off; needs a current code.' })
  @ApiNoContentResponse()
  async disableTotp(@CurrentUser() user: { userId: string }, @Body() body: TotpCodeDto): Promise<void> {
    await this.auth.disableTotp(user.userId, body.code);
  }
}
