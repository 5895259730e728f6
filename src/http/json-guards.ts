import type { Context, Middleware } from 'koa';
import { DomainError, validationError, type FieldError } from '../platform/errors.js';
import { findDuplicateKey, findJsonHazard } from '../platform/json-hazards.js';

/** The hazard as a 400 problem naming its field. */
export const hazardError = (hazard: FieldError) => validationError(hazard.code, `${hazard.field}：${hazard.message}`, [hazard]);

function decodedPath(ctx: Context): string {
  try {
    return decodeURIComponent(ctx.path);
  } catch {
    throw validationError('MALFORMED_URL', '请求地址的百分号编码无效', [{ field: '(path)', code: 'MALFORMED_URL', message: '百分号编码无效' }]);
  }
}

/** Before any route: the path and the query string carry no NUL, lone surrogate or prototype key. */
export function requestGuards(): Middleware {
  return (ctx, next) => {
    const path = decodedPath(ctx);
    if (path.includes('\u0000')) {
      throw validationError('NUL_CHARACTER', '请求地址不能包含空字符', [{ field: '(path)', code: 'NUL_CHARACTER', message: '不能包含空字符（U+0000）' }]);
    }
    const hazard = findJsonHazard(ctx.query);
    if (hazard) throw hazardError(hazard);
    return next();
  };
}

/**
 * After the body parser: the parsed JSON or form body carries no hazard, and a JSON body names no
 * field twice in one object (the parser keeps the last silently; see `findDuplicateKey`).
 */
export function bodyGuards(): Middleware {
  return (ctx, next) => {
    const hazard = findJsonHazard(ctx.request.body);
    if (hazard) throw hazardError(hazard);
    const raw = ctx.request.rawBody as unknown;
    if (typeof raw === 'string' && raw.includes('{') && ctx.request.is('json', '+json', 'application/csp-report')) {
      const duplicate = findDuplicateKey(raw);
      if (duplicate) throw hazardError(duplicate);
    }
    return next();
  };
}

/**
 * The body parser's `onError`: it refuses `__proto__` keys without saying where; the body is parsed
 * again (JSON.parse makes such keys plain own properties) so the answer names the field.
 */
export function bodyParseFailure(err: Error & { body?: unknown; status?: number }, _ctx: Context): never {
  if (err.status === 400 && typeof err.body === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(err.body);
    } catch {
      throw new DomainError('validation', 'MALFORMED_JSON', '请求体不是合法的 JSON');
    }
    const hazard = findJsonHazard(parsed);
    if (hazard) throw hazardError(hazard);
    throw new DomainError('validation', 'MALFORMED_JSON', '请求体不是合法的 JSON');
  }
  throw err;
}
