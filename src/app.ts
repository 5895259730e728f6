import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { parse } from 'yaml';
import { authRoutes } from './auth/auth-routes.js';
import { clientCredentialRoutes } from './auth/client-credential-routes.js';
import { consentRoutes } from './consents/consent-routes.js';
import { institutionDataRoutes } from './consents/institution-data-routes.js';
import { enterpriseRoutes } from './enterprises/enterprise-routes.js';
import { marketEntityRoutes } from './enterprises/market-entity-routes.js';
import { apiDocsRoutes } from './http/api-docs-routes.js';
import { authenticate } from './http/auth.js';
import { clientScopeGuard } from './http/client-scope-guard.js';
import type { OpenApiPaths } from './http/operation-index.js';
import { ingestionRoutes } from './ingestion/ingestion-routes.js';
import { registerRoutes } from './ingestion/register-routes.js';
import { institutionRoutes } from './institutions/institution-routes.js';
import { institutionWebhookRoutes } from './institutions/institution-webhook-routes.js';
import { problemMiddleware } from './http/problem-middleware.js';
import { requestContext } from './http/request-context.js';
import { webPortal } from './http/web-routes.js';
import { DomainError } from './platform/errors.js';
import type { Logger } from './platform/logger.js';
import { outboxRoutes } from './platform/outbox/outbox-routes.js';
import { profileRoutes } from './profiles/profile-routes.js';
import { applicationRoutes } from './lending/application-routes.js';
import { callbackRoutes } from './lending/callback-routes.js';
import { demandRoutes } from './lending/demand-routes.js';
import { slaRoutes } from './lending/sla-routes.js';
import { systemClock } from './platform/clock.js';
import { officerRoutes } from './lending/officer-routes.js';
import { productRoutes } from './lending/product-routes.js';
import { oversightRoutes } from './oversight/oversight-routes.js';
import type { Services } from './services.js';

export interface AppOptions {
  services: Services;
  logger: Logger;
  bodyLimitKb: number;
  trustProxy: boolean;
  /** False until migrations (and the first-start seed) are done; every route but /healthz answers 503. */
  isReady: () => boolean;
}

const SPEC_PATH = new URL('../specs/openapi.yaml', import.meta.url).pathname;
const WEB_DIST_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));

/** The HTTP composition root: middleware order, then one router per feature. */
export function createApp({ services, logger, bodyLimitKb, trustProxy, isReady }: AppOptions): Koa {
  const app = new Koa({ proxy: trustProxy });
  app.silent = true;
  app.use(requestContext(logger));
  app.use(problemMiddleware(logger));
  app.use(async (ctx, next) => {
    if (!isReady()) throw new DomainError('unavailable', 'STARTING', '平台正在启动（数据库迁移中），请稍候');
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok', database: services.database.kind };
      return;
    }
    await next();
  });
  // Bank callbacks are signed over the raw body, so they are read before any parser touches it.
  const callbacks = callbackRoutes(services.bankSync, systemClock, bodyLimitKb);
  app.use(callbacks.routes());
  app.use(callbacks.allowedMethods());
  // form: RFC 6749 token requests (POST /api/v1/oauth/token) are application/x-www-form-urlencoded.
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: `${bodyLimitKb}kb`, encoding: 'utf-8' }));
  app.use(authenticate(services.tokens));
  app.use(clientScopeGuard(parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiPaths));
  for (const router of [
    // First: the institution reads are the hottest path; distinct prefixes, so order is not semantic.
    institutionDataRoutes(services.consentGate),
    apiDocsRoutes(SPEC_PATH),
    enterpriseRoutes(services.registration),
    authRoutes(services.auth),
    institutionRoutes(services.institutions),
    marketEntityRoutes(services.marketEntities),
    outboxRoutes(services.outbox),
    ingestionRoutes(services.ingestion, logger),
    registerRoutes(services.ingestion),
    profileRoutes(services.profiles),
    consentRoutes(services.consents),
    clientCredentialRoutes(services.clientCredentials),
    institutionWebhookRoutes(services.institutionWebhooks),
    productRoutes(services.products),
    applicationRoutes(services.loanApplications, services.idempotency),
    officerRoutes(services.loanApplications),
    ...demandRoutes(services.demands),
    slaRoutes(services.lendingSla),
    oversightRoutes(services.oversight),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(webPortal(WEB_DIST_DIR));
  return app;
}
