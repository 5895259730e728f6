import type { Middleware } from 'koa';
import { forbidden } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { operationOf } from '../http/operation-index.js';

/** What a person signed in with a temporary password may still do: change it, see who they are, leave. */
const OPEN_WHILE_TEMPORARY = new Set(['changePassword', 'getMe', 'logout', 'logoutEverywhere']);

/**
 * First login with a temporary password: every other API call is 403 until the password is changed.
 * The call is named by its OpenAPI operation (`operationOf`), as every per-operation guard names it, not by
 * comparing path strings: a trailing slash reaches the route, and before the routers matched
 * case-sensitively (0045) `/API/v1/...` did too, past a check of `ctx.path.startsWith('/api/')`.
 * A path under /api in any case that names no open operation is refused.
 */
export function passwordChangeGate(): Middleware {
  return (ctx, next) => {
    const principal = ctx.state.principal as Principal | undefined;
    if (principal?.mustChangePassword && /^\/api\//i.test(ctx.path)) {
      const operationId = operationOf(ctx);
      if (operationId === undefined || !OPEN_WHILE_TEMPORARY.has(operationId)) {
        throw forbidden('PASSWORD_CHANGE_REQUIRED', '首次登录请先修改临时密码');
      }
    }
    return next();
  };
}
