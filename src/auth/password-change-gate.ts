import type { Middleware } from 'koa';
import { forbidden } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';

/** What a person signed in with a temporary password may still do: change it, see who they are, leave. */
const OPEN_WHILE_TEMPORARY = new Set(['/api/v1/auth/password', '/api/v1/me', '/api/v1/auth/logout', '/api/v1/auth/logout-all']);

/** First login with a temporary password: every other call is 403 until the password is changed. */
export function passwordChangeGate(): Middleware {
  return (ctx, next) => {
    const principal = ctx.state.principal as Principal | undefined;
    if (principal?.mustChangePassword && ctx.path.startsWith('/api/') && !OPEN_WHILE_TEMPORARY.has(ctx.path)) {
      throw forbidden('PASSWORD_CHANGE_REQUIRED', '首次登录请先修改临时密码');
    }
    return next();
  };
}
