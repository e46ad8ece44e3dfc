import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bullmq';
import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import type { Application, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { readCredential, SAFE_METHODS } from '../auth/access.guard';
import { SessionService } from '../auth/session.service';
import { UserRole } from '../common/principal';
import { Environment } from '../config/environment';
import { COMPANY_IMPORT_QUEUE, MAIL_QUEUE, MATCH_REQUEST_DEADLINES_QUEUE, SUGGESTION_ALERTS_QUEUE } from './queue.constants';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const DASHBOARD_QUEUES = [MAIL_QUEUE, COMPANY_IMPORT_QUEUE, MATCH_REQUEST_DEADLINES_QUEUE, SUGGESTION_ALERTS_QUEUE];

/**
 * Administrators only, signed in like anywhere else: the dashboard can pause, empty and obliterate queues, and its
 * jobs carry every party's data. A write must come from our own pages.
 */
function administratorsOnly(sessions: SessionService, publicOrigin: string) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const credential = readCredential(request);
      const principal = credential ? await sessions.resolve(credential.token) : undefined;
      if (!principal) return response.status(401).json({ statusCode: 401, message: 'Please sign in.' });
      if (principal.type !== 'user' || principal.role !== UserRole.Admin) return response.status(403).json({ statusCode: 403, message: 'You may not access this.' });
      const origin = request.headers.origin;
      if (!SAFE_METHODS.has(request.method) && origin !== publicOrigin && !(credential?.via === 'bearer' && origin === undefined)) {
        return response.status(403).json({ statusCode: 403, message: 'Cross-site request refused.' });
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

// The dashboard's scripts and styles come from its own static files; its inline styles need 'unsafe-inline' for styles only.
const DASHBOARD_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

function dashboardHeaders() {
  const secure = helmet({ contentSecurityPolicy: DASHBOARD_CSP, frameguard: { action: 'deny' }, referrerPolicy: { policy: 'same-origin' } });
  return (request: Request, response: Response, next: NextFunction) => {
    response.setHeader('cache-control', 'no-store');
    secure(request, response, next);
  };
}

/** The BullMQ dashboard (Bull Board) for administrators at /admin/queues. */
export function mountQueueDashboard(app: NestExpressApplication): void {
  const config = app.get(ConfigService<Environment, true>);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = DASHBOARD_QUEUES.flatMap((name) => {
    try {
      return [new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))];
    } catch {
      return [];
    }
  });
  createBullBoard({ queues, serverAdapter, options: { uiConfig: { boardTitle: 'ISA Match queues' } } });
  // Bull Board is an Express application of its own: it would announce itself and send no security headers.
  const dashboard = serverAdapter.getRouter() as Application;
  dashboard.disable('x-powered-by');
  app.use(QUEUE_DASHBOARD_PATH, administratorsOnly(app.get(SessionService), new URL(config.get('PUBLIC_URL', { infer: true })).origin), dashboardHeaders(), dashboard);
}
