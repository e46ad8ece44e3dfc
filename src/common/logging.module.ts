import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { Environment } from '../config/environment';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Keeps a caller's request id (from a proxy) when it looks sane, otherwise makes a new one. */
export function requestIdFor(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Pages whose link carries its secret in the path: /respond/<token>. */
const TOKEN_IN_PATH = /^(\/respond\/)[^/?#]+/;
const TOKEN_IN_ADDRESS = /(\/respond\/)[^/?#]+/;

function redactedUrl(url: string, pathPattern: RegExp): string {
  return url.replace(pathPattern, '$1[redacted]').replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/**
 * A request as logged, without the token of a sign-in, confirmation, password or answer link, in its URL or in the
 * Referer of what a link's page loads or sends: a log line must not open what the link opens. The query, path
 * parameters and headers are copied, never changed on the live request.
 */
export function withoutLinkTokens<T extends { url?: string; query?: unknown; params?: unknown; headers?: Record<string, unknown> }>(request: T): T {
  const url = request.url === undefined ? undefined : redactedUrl(request.url, TOKEN_IN_PATH);
  const query = request.query && typeof request.query === 'object' && 'token' in request.query ? { ...request.query, token: '[redacted]' } : request.query;
  const params = TOKEN_IN_PATH.test(request.url ?? '') ? '[redacted]' : request.params;
  const referer = request.headers?.referer;
  const headers = typeof referer === 'string' ? { ...request.headers, referer: redactedUrl(referer, TOKEN_IN_ADDRESS) } : request.headers;
  return Object.assign(request, { url, query, params, headers });
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        pinoHttp: {
          level: config.get('LOG_LEVEL', { infer: true }),
          base: { service: 'isa-match', role: config.get('PROCESS_ROLE', { infer: true }) },
          genReqId: requestIdFor,
          customProps: (request: IncomingMessage) => ({ requestId: request.id }),
          serializers: { req: withoutLinkTokens },
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
            censor: '[redacted]',
          },
          autoLogging: { ignore: (request: IncomingMessage) => request.url?.startsWith('/health') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
