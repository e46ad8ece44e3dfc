import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { HomeCityService } from '../cities/home-city.service';
import { OfficerScope } from '../cities/officer-scope';
import { Access, ACCESS_RULES, AccessRule, SESSION_COOKIE } from '../common/access';
import { Principal, UserRole } from '../common/principal';
import { RequestContext } from '../common/request-context';
import { Environment } from '../config/environment';
import { SessionService } from './session.service';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Credential {
  token: string;
  via: 'cookie' | 'bearer';
}

export type AuthenticatedRequest = Request & { principal?: Principal };

export function readCredential(request: Request): Credential | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return { token: authorization.slice('Bearer '.length).trim(), via: 'bearer' };
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

function matches(rule: AccessRule, principal: Principal, params: Record<string, string>, scope: OfficerScope | undefined): boolean {
  if (rule === Access.Public) return true;
  if (rule === Access.Admin) return principal.type === 'user' && principal.role === UserRole.Admin;
  if (rule === Access.HomeOffice) return principal.type === 'user' && scope !== undefined && scope.isHomeOffice(principal);
  if (rule === Access.Officer) return principal.type === 'user';
  if (rule === Access.Company) return principal.type === 'company';
  return principal.type === 'company' && params[rule.ownCompanyParam] === principal.companyId;
}

/**
 * The one gate of every route: resolves the session (cookie or bearer token), refuses cross-site
 * writes made with a cookie (CSRF), and applies the route's @Allow rules. A route without rules is refused.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly homeCity: HomeCityService,
    config: ConfigService<Environment, true>,
  ) {
    this.publicOrigin = new URL(config.get('PUBLIC_URL', { infer: true })).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.reflector.getAllAndOverride<AccessRule[] | undefined>(ACCESS_RULES, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rules?.length) {
      this.logger.error(`${request.method} ${request.route?.path ?? request.url} has no @Allow rule and is refused`);
      throw new ForbiddenException();
    }
    const credential = readCredential(request);
    this.refuseCrossSiteWrite(request, credential);
    const principal = credential ? await this.sessions.resolve(credential.token) : undefined;
    request.principal = principal;
    RequestContext.setPrincipal(principal);
    if (rules.includes(Access.Public)) return true;
    if (!principal) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Please sign in.' });
    const scope = principal.type === 'user' && rules.includes(Access.HomeOffice) ? await this.homeCity.officerScope() : undefined;
    if (rules.some((rule) => matches(rule, principal, request.params as Record<string, string>, scope))) return true;
    throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'You may not access this.' });
  }

  /** Browsers send Origin on cross-site writes; a cookie-carrying write must come from our own pages. */
  private refuseCrossSiteWrite(request: Request, credential: Credential | undefined): void {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
    const crossSite = origin !== undefined && origin !== this.publicOrigin;
    const cookieWithoutOrigin = credential?.via === 'cookie' && origin === undefined;
    if (crossSite || cookieWithoutOrigin) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'Cross-site request refused.' });
    }
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
