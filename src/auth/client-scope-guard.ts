import type { Middleware } from 'koa';
import { clientMayCall, scopesFor } from './client-scopes.js';
import { DomainError } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { operationOf } from '../http/operation-index.js';

/**
 * Default-deny for machine clients, in one place (issue 11): after authentication, a request
 * carrying a client token reaches a route only when one of the token's scopes lists the
 * operation in `src/auth/client-scopes.ts`. Unknown paths and operations no scope lists are
 * refused too, so a route added later is closed to machine clients until the table names it.
 * People pass untouched; their routes check roles.
 */
export function clientScopeGuard(): Middleware {
  return (ctx, next) => {
    const principal = ctx.state.principal as Principal | undefined;
    if (principal?.clientId !== undefined) {
      const operationId = operationOf(ctx);
      if (!clientMayCall(principal.scopes ?? [], operationId)) {
        const needed = operationId ? scopesFor(operationId) : [];
        // `requiredScopes`: any one of them allows the call (none: no machine client may make it).
        throw new DomainError(
          'forbidden',
          'CLIENT_SCOPE_MISSING',
          needed.length > 0 ? `该客户端的访问令牌不含 ${needed.join(' 或 ')} 权限` : '接入客户端不能调用该接口',
          [],
          { requiredScopes: needed },
        );
      }
    }
    return next();
  };
}
