import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import type { Principal } from './principal';

/**
 * Whatever is answered to a signed-in request (JSON, pages, exports, CSV, .eml) is personal or internal:
 * no browser, proxy or shared cache may keep it.
 */
@Injectable()
export class NoStoreForSignedIn implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      const request = http.getRequest<Request & { principal?: Principal }>();
      if (request.principal) http.getResponse<Response>().setHeader('cache-control', 'no-store');
    }
    return next.handle();
  }
}
