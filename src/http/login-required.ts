import type { Middleware } from 'koa';
import { principalOf } from './auth.js';
import { operationOf } from './operation-index.js';

/** The spec's operations with the security they declare, as the bundle has them. */
export interface OpenApiSecurity {
  paths: Record<string, Partial<Record<string, { operationId?: string; security?: Record<string, unknown>[] }>>>;
}

/** The operations that need a bearer token: every way in the spec lists for them names `bearerAuth`. */
export function loginOperations(spec: OpenApiSecurity): Set<string> {
  const ids = new Set<string>();
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const ways = operation?.security;
      if (operation?.operationId && ways && ways.length > 0 && ways.every((way) => 'bearerAuth' in way)) ids.add(operation.operationId);
    }
  }
  return ids;
}

/**
 * A request to an operation that needs a login, without one, is answered 401 before its body is
 * read, parsed or scanned: a stranger's body costs the platform nothing beyond its headers. Placed
 * after `authenticate` and before every body reader; the routes still check the role.
 */
export function loginRequired(spec: OpenApiSecurity): Middleware {
  const needsLogin = loginOperations(spec);
  return (ctx, next) => {
    const operationId = operationOf(ctx);
    if (operationId !== undefined && needsLogin.has(operationId)) principalOf(ctx);
    return next();
  };
}
