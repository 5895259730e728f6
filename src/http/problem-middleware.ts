import type { Middleware } from 'koa';
import { isDatabaseUnavailable } from '../db/transaction.js';
import { DomainError, type ErrorKind, type FieldError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';

/**
 * The one place errors become HTTP: every failure leaves as `application/problem+json`
 * (RFC 9457) with a stable `code`, the `requestId`, and `errors[]` naming each bad field.
 * Unknown errors are logged once here and answered with a generic 500 body.
 */
const STATUS: Record<ErrorKind, { status: number; title: string }> = {
  validation: { status: 400, title: '请求参数有误' },
  unauthenticated: { status: 401, title: '未登录或登录已失效' },
  forbidden: { status: 403, title: '无权访问' },
  not_found: { status: 404, title: '资源不存在' },
  method_not_allowed: { status: 405, title: '不支持的请求方法' },
  conflict: { status: 409, title: '与现有数据冲突' },
  unprocessable: { status: 422, title: '请求无法处理' },
  rate_limited: { status: 429, title: '请求过于频繁' },
  payload_too_large: { status: 413, title: '请求体过大' },
  unavailable: { status: 503, title: '服务暂不可用' },
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

function problemType(code: string): string {
  return `urn:xinyidai:problem:${code}`;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Errors raised by koa and its body parser (e.g. 413 too large, 400 invalid JSON). */
function fromHttpError(err: HttpLikeError): DomainError | undefined {
  const status = err.status ?? err.statusCode;
  if (status === 413) return new DomainError('payload_too_large', 'PAYLOAD_TOO_LARGE', '请求体超过大小限制');
  if (status === 415) return new DomainError('validation', 'UNSUPPORTED_MEDIA_TYPE', '不支持的请求内容类型');
  if (status === 400 && (err.type === 'entity.parse.failed' || /JSON/i.test(err.message ?? ''))) {
    return new DomainError('validation', 'MALFORMED_JSON', '请求体不是合法的 JSON');
  }
  // The library's own message stays in the log: details are our sentences.
  if (status !== undefined && status >= 400 && status < 500 && err.expose) {
    return new DomainError('validation', 'BAD_REQUEST', '请求格式有误，无法处理');
  }
  return undefined;
}

/** Seconds a caller is asked to wait after a database outage: a restart or failover takes about that. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** A database that cannot be reached is 503 with Retry-After (the caller may retry), not a 500. */
function fromDatabaseOutage(error: unknown): DomainError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new DomainError('unavailable', 'DATABASE_UNAVAILABLE', '数据库暂时无法访问，请稍后重试', [], { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}

export function problemMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new DomainError('not_found', 'ROUTE_NOT_FOUND', `没有 ${ctx.method} ${ctx.path} 这个接口`);
        if (ctx.status === 405) throw new DomainError('method_not_allowed', 'METHOD_NOT_ALLOWED', `${ctx.path} 不支持 ${ctx.method} 方法`);
      }
    } catch (caught) {
      const requestId = String(ctx.state.requestId ?? '');
      const outage = caught instanceof DomainError ? undefined : fromDatabaseOutage(caught);
      const domain = caught instanceof DomainError ? caught : (outage ?? fromHttpError(caught as HttpLikeError));
      // Name and type only: parser messages and error members can quote the body (passwords).
      if (outage) {
        const { name, code } = caught as { name?: unknown; code?: unknown };
        logger.warn({ requestId, method: ctx.method, path: ctx.path, error: { name, code } }, 'request failed: the database is unavailable');
      } else if (domain && domain !== caught) {
        const { name, type, status } = caught as HttpLikeError & { name?: string };
        logger.info({ requestId, code: domain.code, error: { name, type, status } }, 'request refused by the HTTP layer');
      }
      let problem: ProblemDocument;
      if (domain) {
        const { status, title } = STATUS[domain.kind];
        problem = {
          type: problemType(domain.code),
          title,
          status,
          detail: domain.message,
          code: domain.code,
          requestId,
          errors: [...domain.errors],
          ...domain.extensions,
        };
        const retryAfter = domain.extensions.retryAfterSeconds;
        if (typeof retryAfter === 'number') ctx.set('Retry-After', String(Math.ceil(retryAfter)));
      } else {
        logger.error({ err: caught, requestId, method: ctx.method, path: ctx.path }, 'unhandled error');
        problem = {
          type: problemType('INTERNAL_ERROR'),
          title: '服务器内部错误',
          status: 500,
          detail: '服务器处理请求时出错，请稍后重试；如持续出现，请联系平台运营并提供请求编号。',
          code: 'INTERNAL_ERROR',
          requestId,
          errors: [],
        };
      }
      ctx.status = problem.status;
      ctx.body = problem;
      ctx.type = PROBLEM_CONTENT_TYPE;
    }
  };
}
