import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { DomainError, unauthenticated } from '../platform/errors.js';
import type { RequestObserver } from '../platform/metrics/platform-metrics.js';

export interface OperationsEndpoints {
  /** The Prometheus text of this instance. */
  metrics(): Promise<{ contentType: string; body: string }>;
  /**
   * The bearer token a scraper must send for `/metrics`; unset, `/metrics` refuses every caller.
   * Metrics name banks, categories and volumes, so they are never public.
   */
  metricsToken: string | undefined;
  /** True once migrations and the first-start seed are done. */
  isReady(): boolean;
  /** Throws when the database does not answer (readiness). */
  pingDatabase(): Promise<void>;
  /** Named by `/healthz`. */
  databaseKind: string;
}

const OPERATIONS_PATHS = new Set(['/metrics', '/health/live', '/health/ready', '/healthz']);

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Liveness (`/health/live`: the process answers, even while migrating), readiness
 * (`/health/ready`: migrations done and the database answers; a load balancer sends traffic only
 * then; `/healthz`, the older combined probe, answers the same with the database kind) and
 * `/metrics` (bearer `METRICS_TOKEN`). Mounted before the "starting" gate, so an orchestrator sees
 * a starting instance as live but not ready.
 */
export function operationsRoutes(endpoints: OperationsEndpoints): Middleware {
  return async (ctx, next) => {
    if (!OPERATIONS_PATHS.has(ctx.path)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new DomainError('method_not_allowed', 'METHOD_NOT_ALLOWED', '不支持该请求方法');
    ctx.set('cache-control', 'no-store');
    if (ctx.path === '/health/live') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/health/ready' || ctx.path === '/healthz') {
      if (!endpoints.isReady()) throw new DomainError('unavailable', 'STARTING', '平台正在启动（数据库迁移中），请稍候');
      try {
        await endpoints.pingDatabase();
      } catch {
        throw new DomainError('unavailable', 'DATABASE_UNAVAILABLE', '数据库暂时无法访问');
      }
      ctx.body = ctx.path === '/healthz' ? { status: 'ok', database: endpoints.databaseKind } : { status: 'ready' };
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    if (!endpoints.metricsToken || !match?.[1] || !sameToken(match[1], endpoints.metricsToken)) {
      throw unauthenticated('METRICS_TOKEN_REQUIRED', '监控指标需要有效的采集令牌');
    }
    const { contentType, body } = await endpoints.metrics();
    ctx.type = contentType;
    ctx.body = body;
  };
}

/**
 * Times every request by its route template (`/api/v1/enterprises/:id`, never the raw path, so
 * the series stay few); paths no router matched count as `unmatched` (API) or `web` (the portal).
 */
export function requestMetrics(observer: RequestObserver): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const route =
        typeof matched === 'string' ? matched
        : OPERATIONS_PATHS.has(ctx.path) ? ctx.path
        : /^\/(api|docs|openapi\.json)(\/|$)/i.test(ctx.path) ? 'unmatched'
        : 'web';
      observer.answered(ctx.method, route, ctx.status, (performance.now() - started) / 1_000);
    }
  };
}
