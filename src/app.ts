import { readFileSync } from 'node:fs';
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
import { clientScopeGuard } from './auth/client-scope-guard.js';
import { operationResolver, type OpenApiPaths } from './http/operation-index.js';
import { bodyCharsetGuard, bodyGuards, bodyParseFailure, requestGuards } from './http/json-guards.js';
import { ingestionRoutes } from './ingestion/batches/ingestion-routes.js';
import { sourceCategoryRoutes } from './ingestion/sources/source-category-routes.js';
import { registerRoutes } from './ingestion/register/register-routes.js';
import { calendarRoutes } from './ingestion/calendar/calendar-routes.js';
import { recordRoutes } from './ingestion/records/record-routes.js';
import { institutionRoutes } from './institutions/institution-routes.js';
import { bankConnectionRoutes } from './bank-connections/bank-connection-routes.js';
import { institutionWebhookRoutes } from './institutions/institution-webhook-routes.js';
import { institutionAdminRoutes } from './institutions/institution-admin-routes.js';
import { peopleRoutes } from './auth/people/people-routes.js';
import { enterpriseStaffRoutes } from './auth/enterprise-staff/enterprise-staff-routes.js';
import { passwordResetRoutes } from './auth/recovery/password-reset-routes.js';
import { passwordChangeGate } from './auth/password-change-gate.js';
import { bodyMediaTypeGuard } from './http/body-media-type.js';
import { queryParameterGuard } from './http/query-parameters.js';
import { creationBudgetGuard, type OpenApiResponses } from './http/creation-budget-guard.js';
import { loginRequired, type OpenApiSecurity } from './http/login-required.js';
import { budgetedBodyParser, heldBodyBytes } from './http/raw-body.js';
import { devSmsRoutes } from './http/dev-sms-routes.js';
import { serviceStatusRoutes } from './service-status/service-status-routes.js';
import { problemMiddleware } from './http/problem-middleware.js';
import { requestContext } from './http/request-context.js';
import { operationsRoutes, requestMetrics } from './http/operations-routes.js';
import { securityHeaders } from './http/security-headers.js';
import { webPortal } from './http/web-routes.js';
import { DomainError } from './platform/errors.js';
import type { Logger } from './platform/logger.js';
import { projectPath } from './platform/project-root.js';
import { outboxRoutes } from './outbox-admin/outbox-routes.js';
import { scheduledJobRoutes } from './scheduler/scheduled-job-routes.js';
import type { SchedulerService } from './scheduler/scheduler-service.js';
import { profileRoutes } from './profiles/profile-routes.js';
import { applicationRoutes } from './lending/applications/application-routes.js';
import { callbackRoutes } from './lending/bank-sync/callback-routes.js';
import { demandRoutes } from './lending/demands/demand-routes.js';
import { slaRoutes } from './lending/sla/sla-routes.js';
import { systemClock } from './platform/clock.js';
import { officerRoutes } from './lending/applications/officer-routes.js';
import { assignmentRoutes } from './lending/assignment/assignment-routes.js';
import { dialogueRoutes } from './lending/dialogue/dialogue-routes.js';
import { workQueueRoutes } from './work-queues/work-queue-routes.js';
import { productRoutes } from './lending/products/product-routes.js';
import { feedRoutes } from './national-feed/feed-routes.js';
import { precreditRoutes } from './precredit/precredit-routes.js';
import { oversightRoutes } from './oversight/oversight-routes.js';
import { objectionRoutes } from './credit-services/objections/objection-routes.js';
import { reportRoutes } from './credit-services/reports/report-routes.js';
import { selfReportedRoutes } from './credit-services/self-reported/self-reported-routes.js';
import { guaranteeProductRoutes } from './guarantees/guarantee-product-routes.js';
import { guaranteeRoutes } from './guarantees/guarantee-routes.js';
import { guaranteeLetterRoutes } from './guarantees/guarantee-letter-routes.js';
import { realEstateRoutes } from './collateral/real-estate-routes.js';
import { registryNoticeRoutes } from './collateral/registry-notice-routes.js';
import { SignatureFailures, signatureFailureGuard, type SignatureFailureLimit } from './http/signature-failure-guard.js';
import { compensationRoutes } from './guarantees/compensation-routes.js';
import { guaranteeReportRoutes } from './guarantees/guarantee-report-routes.js';
import { startupLoanRoutes } from './guarantees/startup-loans/startup-loan-routes.js';
import { collateralRoutes } from './collateral/collateral-routes.js';
import { commitmentRoutes } from './credit-services/commitments/commitment-routes.js';
import { zoneRoutes } from './credit-services/zones/zone-routes.js';
import { knowledgeRoutes } from './credit-services/knowledge/knowledge-routes.js';
import { qaRoutes } from './credit-services/qa/qa-routes.js';
import { notificationRoutes } from './notifications/notification-routes.js';
import type { Services } from './services.js';

export interface AppOptions {
  services: Services;
  logger: Logger;
  bodyLimitKb: number;
  /** Raw bodies all requests together may hold in memory at once (`heldBodyBytes`). */
  rawBodiesMaxKb: number;
  /** One client address's share of them. */
  rawBodiesMaxKbPerAddress: number;
  trustProxy: boolean;
  /** Send HSTS (production, served over TLS). */
  hsts: boolean;
  /** False until migrations (and the first-start seed) are done; every route but /health/live answers 503. */
  isReady: () => boolean;
  /** Bearer token for `/metrics` (unset: refused). */
  metricsToken: string | undefined;
  /** The platform's scheduled jobs (定时任务), and whether this instance fires them. */
  scheduler: SchedulerService;
  schedulerEnabled: boolean;
  /** Refused signatures an address, and a claimed sender, may have at the signed routes within the window (`signatureFailureGuard`). */
  signatureFailureLimit: SignatureFailureLimit;
}

/** The bundle of the split spec (`npm run gen:api`): one file, so it is read and indexed once at boot. */
const SPEC_PATH = projectPath('specs/dist/openapi.bundle.yaml');
let parsedSpec: unknown;
/**
 * The bundle parsed once per process (about 0.2 s of YAML): the scope guard and `/openapi.json`
 * share it, and an app built again in the same process (tests start several) reuses it. Neither
 * user changes it.
 */
const openApiSpec = (): unknown => (parsedSpec ??= parse(readFileSync(SPEC_PATH, 'utf8')));
const WEB_DIST_DIR = projectPath('web/dist');

/** The HTTP composition root: middleware order, then one router per feature. */
export function createApp({ services, logger, bodyLimitKb, rawBodiesMaxKb, rawBodiesMaxKbPerAddress, trustProxy, hsts, isReady, metricsToken, scheduler, schedulerEnabled, signatureFailureLimit }: AppOptions): Koa {
  heldBodyBytes.setMax(rawBodiesMaxKb * 1024, rawBodiesMaxKbPerAddress * 1024);
  // Middleware that only checks return next() instead of awaiting it: every async layer costs
  // each request a promise and its request-scope hooks.
  // Behind the proxy, the client is the address the proxy appended to X-Forwarded-For, the last
  // one (nginx: $proxy_add_x_forwarded_for); anything before it was written by the client, who
  // could otherwise pick a new address per request and walk past the per-IP login limit.
  const app = new Koa({ proxy: trustProxy, maxIpsCount: trustProxy ? 1 : 0 });
  app.silent = true;
  app.use(requestContext(logger));
  app.use(requestMetrics(services.metrics));
  app.use(securityHeaders({ hsts }));
  app.use(problemMiddleware(logger));
  app.use(
    operationsRoutes({
      metrics: () => services.metrics.render(),
      metricsToken,
      isReady,
      pingDatabase: () => services.database.ping(),
      databaseKind: services.database.kind,
    }),
  );
  app.use((ctx, next) => {
    if (!isReady()) throw new DomainError('unavailable', 'STARTING', '平台正在启动（数据库迁移中），请稍候');
    return next();
  });
  app.use(requestGuards());
  // Bank callbacks are signed over the raw body, so they are read before any parser touches it.
  // Anyone may post them, and an SM2 check costs the event loop about 30 ms: an address whose
  // signatures keep failing is answered before its body is checked.
  const signatureGuard = signatureFailureGuard(new SignatureFailures(signatureFailureLimit));
  const callbacks = callbackRoutes(services.bankSync, systemClock, bodyLimitKb, signatureGuard);
  app.use(callbacks.routes());
  app.use(callbacks.allowedMethods());
  const registryNotices = registryNoticeRoutes(services.realEstateMortgages, bodyLimitKb, signatureGuard);
  app.use(registryNotices.routes());
  app.use(registryNotices.allowedMethods());
  app.use(operationResolver(openApiSpec() as OpenApiPaths));
  // Who the caller is, and whether the operation is open to them, is decided from the headers
  // before any body is read, parsed or scanned: a refused caller's body costs nothing.
  app.use(authenticate(services.sessions));
  app.use(loginRequired(openApiSpec() as OpenApiSecurity));
  app.use(passwordChangeGate());
  app.use(clientScopeGuard());
  app.use(bodyCharsetGuard());
  // form: RFC 6749 token requests (POST /api/v1/oauth/token) are application/x-www-form-urlencoded.
  app.use(
    budgetedBodyParser(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: `${bodyLimitKb}kb`, encoding: 'utf-8', onError: bodyParseFailure }), bodyLimitKb * 1024),
  );
  app.use(bodyGuards());
  app.use(bodyMediaTypeGuard(openApiSpec() as OpenApiPaths));
  app.use(queryParameterGuard(openApiSpec() as OpenApiPaths));
  app.use(creationBudgetGuard(openApiSpec() as OpenApiResponses, { enterprise: services.creationBudget, institution: services.institutionCreationBudget }, logger));
  for (const router of [
    // First: the institution reads are the hottest path; distinct prefixes, so order is not semantic.
    institutionDataRoutes(services.consentGate),
    apiDocsRoutes(openApiSpec()),
    enterpriseRoutes(services.registration),
    authRoutes(services.auth, services.sessions),
    institutionRoutes(services.institutions),
    marketEntityRoutes(services.marketEntities),
    outboxRoutes(services.outbox),
    scheduledJobRoutes(scheduler, schedulerEnabled),
    ingestionRoutes(services.ingestion, services.uploadGate, services.sourceCategories, logger),
    recordRoutes(services.creditRecords),
    registerRoutes(services.register),
    calendarRoutes(services.calendar),
    sourceCategoryRoutes(services.sourceCategories),
    profileRoutes(services.profiles),
    consentRoutes(services.consents),
    clientCredentialRoutes(services.clientCredentials),
    institutionWebhookRoutes(services.institutionWebhooks),
    bankConnectionRoutes(services.bankConnections),
    productRoutes(services.products, services.idempotency),
    applicationRoutes(services.loanApplications, services.idempotency),
    officerRoutes(services.loanApplications, services.idempotency),
    ...dialogueRoutes(services.dialogue),
    assignmentRoutes(services.assignments),
    workQueueRoutes(services.workQueues),
    ...demandRoutes(services.demands),
    slaRoutes(services.lendingSla),
    feedRoutes(services.nationalFeed.feed, services.nationalFeed.provincial, services.nationalFeed.formatVersions),
    precreditRoutes(services.precredit.models, services.precredit.whitelist, services.precredit.monitoring, services.precredit.recommendations),
    oversightRoutes(services.oversight),
    institutionAdminRoutes(services.institutionChanges),
    peopleRoutes(services.people),
    enterpriseStaffRoutes(services.enterpriseStaff),
    passwordResetRoutes(services.passwordResets),
    devSmsRoutes(services.smsInbox),
    serviceStatusRoutes(services.serviceStatus),
    ...reportRoutes(services.creditServices.reports),
    ...objectionRoutes(services.creditServices.objections),
    selfReportedRoutes(services.creditServices.selfReported),
    guaranteeProductRoutes(services.guaranteeProducts),
    guaranteeRoutes(services.guarantees),
    guaranteeLetterRoutes(services.guaranteeLetters),
    compensationRoutes(services.compensations),
    guaranteeReportRoutes(services.guaranteeReports),
    startupLoanRoutes(),
    collateralRoutes(services.collateral),
    commitmentRoutes(services.creditServices.commitments),
    zoneRoutes(services.creditServices.zones),
    knowledgeRoutes(services.creditServices.knowledge),
    qaRoutes(services.creditServices.qa),
    ...realEstateRoutes(services.realEstateMortgages),
    notificationRoutes(services.notifications),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(webPortal(WEB_DIST_DIR));
  return app;
}
