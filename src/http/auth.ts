import type { Context, Middleware } from 'koa';
import { forbidden, unauthenticated } from '../platform/errors.js';
import type { Principal, Role } from '../platform/roles.js';

/** Turns a bearer token into its principal or throws 401 (auth's SessionService is one). */
export interface TokenVerifier {
  verify(accessToken: string): Promise<Principal>;
}

/**
 * Reads `Authorization: Bearer <jwt>` when present; routes decide whether it is required.
 * `Basic` credentials are left to the one route that takes them (the OAuth token endpoint).
 */
export function authenticate(sessions: TokenVerifier): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    if (header && !/^Basic\s/i.test(header)) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw unauthenticated('AUTH_HEADER_INVALID', 'Authorization 头格式应为 Bearer <令牌>');
      ctx.state.principal = await sessions.verify(match[1]);
    }
    await next();
  };
}

/** The caller, or 401 when the request carries no valid token. */
export function principalOf(ctx: Context): Principal {
  const principal = ctx.state.principal as Principal | undefined;
  if (!principal) throw unauthenticated('AUTH_REQUIRED', '请先登录');
  return principal;
}

/** The caller when their role is one of `roles`; 401 without a token, 403 with another role. */
export function requireRole(ctx: Context, ...roles: Role[]): Principal {
  const principal = principalOf(ctx);
  if (!roles.includes(principal.role)) throw forbidden('ROLE_FORBIDDEN', '当前角色无权执行此操作');
  return principal;
}
