import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../platform/logger.js';
import { runWithRequestId } from '../platform/request-scope.js';

const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives each request an id (a caller's sane `x-request-id` is kept, so an id set by nginx or by
 * the caller follows the request), echoes it, runs the rest of the request in its scope (log
 * lines and outbox rows pick it up) and logs the outcome.
 */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    const started = performance.now();
    try {
      await runWithRequestId(requestId, next);
    } finally {
      logger.info(
        { requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
        'request',
      );
    }
  };
}
