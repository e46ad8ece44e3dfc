import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { SESSION_COOKIE } from './common/access';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { NoStoreForSignedIn } from './common/no-store.interceptor';
import { RequestContext } from './common/request-context';
import { SafeInputPipe } from './common/safe-input.pipe';
import { createValidationPipe } from './common/validation';
import { Environment } from './config/environment';
import { parseTrustProxy } from './config/trust-proxy';
import { mountQueueDashboard } from './queue/queue-dashboard';

// Officer CSV imports of partner-city companies are larger than any JSON body.
const CSV_IMPORT_LIMIT = '10mb';

/** Everything main.ts and the e2e tests set up alike on the HTTP application. */
export function configureHttpApp(app: NestExpressApplication): void {
  const config = app.get(ConfigService<Environment, true>);
  const bodyLimit = config.get('BODY_LIMIT', { infer: true });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', parseTrustProxy(config.get('TRUST_PROXY', { infer: true })));
  app.disable('x-powered-by');
  app.use(cookieParser());
  // Before helmet: the dashboard's own pages need their inline scripts.
  mountQueueDashboard(app);
  // same-origin, not helmet's no-referrer: under no-referrer browsers send "Origin: null" with our own form posts.
  app.use(helmet({ referrerPolicy: { policy: 'same-origin' } }));
  app.use((request: IncomingMessage, _response: unknown, next: () => void) => RequestContext.run(request, next));
  app.useBodyParser('json', { limit: bodyLimit });
  app.useBodyParser('urlencoded', { limit: bodyLimit, extended: false });
  app.useBodyParser('text', { type: 'text/csv', limit: CSV_IMPORT_LIMIT });
  app.useGlobalPipes(new SafeInputPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  app.useGlobalInterceptors(new NoStoreForSignedIn());
  if (config.get('API_DOCS_PUBLIC', { infer: true })) setUpOpenApi(app, config.get('PUBLIC_URL', { infer: true }));
}

function setUpOpenApi(app: NestExpressApplication, publicUrl: string): void {
  const document = new DocumentBuilder()
    .setTitle('ISA Match API')
    .setDescription(
      'Business matchmaking of the Chinese-German Industrial Cities Alliance (ISA): member cities, company profiles, partner suggestions and introductions through the economic development offices.',
    )
    .setVersion('1')
    .addServer(publicUrl)
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session, set by POST /api/auth/login (httpOnly, SameSite=Lax).' }, SESSION_COOKIE)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API clients: the token from POST /api/auth/tokens, for the same kind of server-side session.' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), { jsonDocumentUrl: 'docs-json' });
}
