import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestContext } from '../common/request-context';
import { isServiceUnavailable, RETRY_AFTER_SECONDS, retryAfterOf } from '../common/unavailable';
import { WebPages } from './web-pages.service';

const MESSAGE_KEYS: Partial<Record<number, string>> = {
  [HttpStatus.FORBIDDEN]: 'error.forbidden',
  [HttpStatus.NOT_FOUND]: 'error.notFound',
  [HttpStatus.CONFLICT]: 'error.conflict',
  [HttpStatus.TOO_MANY_REQUESTS]: 'error.tooMany',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'error.unavailable',
};

/** Pages answer errors with pages: sign-in when a session is missing, otherwise a page that says what happened. */
@Catch()
@Injectable()
export class PageExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageExceptionFilter.name);

  constructor(private readonly pages: WebPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : isServiceUnavailable(exception) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status === HttpStatus.SERVICE_UNAVAILABLE) response.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    if (status === HttpStatus.TOO_MANY_REQUESTS && retryAfterOf(exception) !== null) response.setHeader('retry-after', String(retryAfterOf(exception)));
    if (status === HttpStatus.UNAUTHORIZED) {
      const officerArea = request.path.startsWith('/officer');
      const login = officerArea ? '/officer/login' : '/companies/login';
      // After signing in, a form that was sent goes back to its page (a POST address has no page of its own).
      const next = request.method === 'GET' ? request.originalUrl : (sameSitePath(request.headers.referer) ?? (officerArea ? '/officer' : '/companies/area'));
      response.redirect(303, `${login}?next=${encodeURIComponent(next)}`);
      return;
    }
    if (status > 503 || status === 500) this.logger.error({ err: exception, requestId: RequestContext.requestId() }, 'Page failed');
    const messageKey = MESSAGE_KEYS[status] ?? (status >= 500 ? 'error.server' : 'validation.invalid');
    const detail = exception instanceof HttpException && status < 500 ? detailOf(exception) : null;
    response.status(status).send(this.pages.render({ request, response, view: 'error', titleKey: 'error.title', data: { messageKey, detail, requestId: RequestContext.requestId() ?? null } }));
  }
}

function sameSitePath(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

function detailOf(exception: HttpException): string | null {
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  return null;
}
