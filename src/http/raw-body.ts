import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { DomainError, validationError } from '../platform/errors.js';

/** Seconds a refused sender is asked to wait: long enough for the uploads in flight to end. */
const BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * Bytes of raw bodies held at once by every read of this process (memory is the process's): each
 * route limits its own body, but without this a thousand slow 5 MB uploads at once (the report
 * verification takes anyone's) held 5 GB until the process died. A chunk that would take the
 * total past `maxBytes`, or its sender's share past `maxPerHolder`, makes its read give its bytes
 * back and let the rest of the body pass unkept (so the sender reads the answer instead of a reset
 * connection), then answer 503; a read that ends or breaks off gives its bytes back too. The route
 * owns its buffer once the read returns.
 *
 * The share per holder (the client address) keeps one sender from holding the whole budget: before,
 * a dozen slow uploads from one address made every other read of the process (the banks' signed
 * callbacks among them) answer 503 for as long as the sender kept them open.
 */
export class HeldBodyBytes {
  private held = 0;
  private readonly byHolder = new Map<string, number>();

  constructor(
    private maxBytes: number,
    private maxPerHolder: number = maxBytes,
  ) {}

  setMax(maxBytes: number, maxPerHolder: number = maxBytes): void {
    this.maxBytes = maxBytes;
    this.maxPerHolder = Math.min(maxPerHolder, maxBytes);
  }

  get bytes(): number {
    return this.held;
  }

  take(bytes: number, holder?: string): boolean {
    if (this.held + bytes > this.maxBytes) return false;
    if (holder !== undefined) {
      const own = (this.byHolder.get(holder) ?? 0) + bytes;
      if (own > this.maxPerHolder) return false;
      this.byHolder.set(holder, own);
    }
    this.held += bytes;
    return true;
  }

  give(bytes: number, holder?: string): void {
    this.held -= bytes;
    if (holder === undefined) return;
    const left = (this.byHolder.get(holder) ?? 0) - bytes;
    if (left > 0) this.byHolder.set(holder, left);
    else this.byHolder.delete(holder);
  }
}

/** The process's budget; `createApp` sets it from `RAW_BODIES_MAX_KB`. */
export const heldBodyBytes = new HeldBodyBytes(64 * 1024 * 1024);

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The request body exactly as sent (signatures are computed over these bytes), for routes
 * mounted before the JSON body parser. Over `limitBytes` is a 413. Bytes that are not UTF-8
 * (a bank's GBK body) are refused 400 INVALID_ENCODING naming `body`: decoded leniently they
 * became U+FFFD, so a body signed correctly over its own bytes failed its signature and the
 * sender was told to check its secret.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number, holder: string): Promise<string> {
  const bytes = await readRawBytes(req, limitBytes, holder);
  try {
    return UTF8.decode(bytes);
  } catch {
    const message = '请求体含有无法按 UTF-8 解读的字节：请以 UTF-8 编码发送（签名按所发送的 UTF-8 字节计算）';
    throw validationError('INVALID_ENCODING', message, [{ field: 'body', code: 'INVALID_ENCODING', message }]);
  }
}

/**
 * As `readRawBody`, as bytes (an uploaded file whose digest is checked). `holder` is whose share of
 * the budget the bytes count against: the request's client address (`ctx.ip`).
 */
export async function readRawBytes(req: IncomingMessage, limitBytes: number, holder: string, budget: HeldBodyBytes = heldBodyBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let held = 0;
  let busy = false;
  try {
    for await (const chunk of req) {
      const bytes = (chunk as Buffer).length;
      size += bytes;
      if (size > limitBytes) throw new DomainError('payload_too_large', 'PAYLOAD_TOO_LARGE', '请求体超过大小限制');
      if (busy) continue;
      if (!budget.take(bytes, holder)) {
        busy = true;
        budget.give(held, holder);
        held = 0;
        chunks.length = 0;
        continue;
      }
      held += bytes;
      chunks.push(chunk as Buffer);
    }
  } finally {
    budget.give(held, holder);
  }
  if (busy) throw uploadsBusy();
  return Buffer.concat(chunks);
}

/** 503 UPLOADS_BUSY: the budget, or the sender's share of it, has no room for this body now. */
export function uploadsBusy(): DomainError {
  return new DomainError('unavailable', 'UPLOADS_BUSY', '平台正在接收较多上传，请稍后重试（本次请求未处理，可原样重新提交）', [], {
    retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
  });
}

/**
 * The JSON and form body parser under the same budget: what a request declares (its
 * Content-Length, at most `limitBytes`; `limitBytes` for a chunked body) is taken from the budget,
 * against its sender's share, before the parser reads a byte, and given back once the parser is
 * done with it. Before, the parser's reads were counted nowhere: slow bodies of up to
 * `BODY_LIMIT_KB` each to the operations open to anyone (a login, a registration) held memory
 * without bound, a thousand 250 kB logins from one address about 265 MB.
 */
export function budgetedBodyParser(parse: Middleware, limitBytes: number, budget: HeldBodyBytes = heldBodyBytes): Middleware {
  return async (ctx, next) => {
    const declared = ctx.request.length;
    const bytes = declared !== undefined ? Math.min(declared, limitBytes) : ctx.get('transfer-encoding') ? limitBytes : 0;
    if (bytes === 0) return parse(ctx, next);
    const holder = ctx.ip;
    if (!budget.take(bytes, holder)) throw uploadsBusy();
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      budget.give(bytes, holder);
    };
    try {
      await parse(ctx, async () => {
        release();
        await next();
      });
    } finally {
      release();
    }
  };
}
