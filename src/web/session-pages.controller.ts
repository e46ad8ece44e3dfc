import { Controller, HttpCode, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/access.guard';
import { clearSessionCookie } from '../auth/session-cookie';
import { SessionService } from '../auth/session.service';
import { Access, Allow } from '../common/access';
import { Environment } from '../config/environment';
import { PageExceptionFilter } from './page-exception.filter';

/** Signing out from any page: a form post, so it works without JavaScript. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Controller()
export class SessionPagesController {
  constructor(
    private readonly sessions: SessionService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Post('logout')
  @HttpCode(HttpStatus.SEE_OTHER)
  @Allow(Access.Public)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    const principal = (request as AuthenticatedRequest).principal;
    if (principal) await this.sessions.revoke(principal.sessionId);
    clearSessionCookie(response, this.config.get('PUBLIC_URL', { infer: true }));
    response.redirect(303, '/');
  }
}
