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

const PARSED_TYPES = ['json', '+json', 'urlencoded'];

/**
 * Before the body parser: a JSON or form body is read as UTF-8 whatever its `charset` says (RFC
 * 8259 §8.1: JSON exchanged between systems is UTF-8), so a body declared in another charset
 * (`application/json; charset=GBK`, common in banks' systems) was stored as U+FFFD garbage and
 * answered 200. It is refused, naming `content-type`, before a byte is read.
 */
export function bodyCharsetGuard(): Middleware {
  return (ctx, next) => {
    // Most requests (every GET) carry no body: koa's `charset` would parse a missing header by
    // throwing and catching an error, a stack captured on every request.
    if (ctx.get('content-type') === '') return next();
    const charset = ctx.request.charset.toLowerCase();
    if (charset !== '' && charset !== 'utf-8' && charset !== 'utf8' && ctx.request.is(PARSED_TYPES)) {
      const message = `请求体应为 UTF-8 编码，收到 charset=${ctx.request.charset}`;
      throw validationError('UNSUPPORTED_CHARSET', message, [{ field: 'content-type', code: 'UNSUPPORTED_CHARSET', message }]);
    }
    return next();
  };
}

/**
 * After the body parser: the parsed JSON or form body carries no hazard, and a JSON body names no
 * field twice in one object (the parser keeps the last silently; see `findDuplicateKey`). Bytes
 * that are not UTF-8 reach the parser's text as U+FFFD, so a body holding U+FFFD is refused: the
 * character only ever stands for text already lost (here, or in the sender's own conversion).
 */
export function bodyGuards(): Middleware {
  return (ctx, next) => {
    const text = ctx.request.rawBody as unknown;
    if (typeof text === 'string' && text.includes('\uFFFD')) {
      const message = '请求体含有无法按 UTF-8 解读的字节（或替换字符 U+FFFD）：请以 UTF-8 编码发送';
      throw validationError('INVALID_ENCODING', message, [{ field: 'body', code: 'INVALID_ENCODING', message }]);
    }
    const hazard = findJsonHazard(ctx.request.body);
    if (hazard) throw hazardError(hazard);
    if (typeof text === 'string' && text.includes('{') && ctx.request.is('json', '+json', 'application/csp-report')) {
      const duplicate = findDuplicateKey(text);
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
