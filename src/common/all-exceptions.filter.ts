import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isServiceUnavailable, RETRY_AFTER_SECONDS, retryAfterOf } from './unavailable';

/**
 * One error shape for every route: HTTP exceptions keep their status and body,
 * anything else is logged and answered with a generic 500 carrying the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');
    const { status, body } = this.describe(exception);
    if (status === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ err: exception, requestId }, 'Dependency unavailable');
      response.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (status === HttpStatus.TOO_MANY_REQUESTS && retryAfterOf(exception) !== null) {
      response.setHeader('retry-after', String(retryAfterOf(exception)));
    } else if (status >= 500) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
    }
    response.status(status).json({ ...body, requestId });
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const payload = exception.getResponse();
      const body = typeof payload === 'string' ? { statusCode: exception.getStatus(), message: payload } : (payload as Record<string, unknown>);
      return { status: exception.getStatus(), body };
    }
    if (isBodyParserError(exception)) {
      return { status: exception.status, body: { statusCode: exception.status, error: exception.type, message: exception.message } };
    }
    if (isServiceUnavailable(exception)) {
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      return { status, body: { statusCode: status, error: 'Service Unavailable', message: 'The service is briefly unavailable. Please try again in a few seconds.' } };
    }
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    return { status, body: { statusCode: status, error: 'Internal Server Error', message: 'Something went wrong on our side.' } };
  }
}

interface BodyParserError {
  status: number;
  type: string;
  message: string;
}

/** Errors raised by express' body parser (too large, malformed JSON, bad charset) are the client's. */
function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> & { expose?: boolean };
  return typeof candidate?.status === 'number' && candidate.status >= 400 && candidate.status < 500 && candidate.expose === true;
}
