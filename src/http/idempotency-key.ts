import type { Context } from 'koa';
import { validationError } from '../platform/errors.js';
import type { IdempotencyService, IdempotentResponse, IdempotentWrite } from '../platform/idempotency/idempotency-service.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key` (visible ASCII, 1–255 characters), or undefined when it has none. */
function idempotencyKeyOf(ctx: Context): string | undefined {
  const raw = ctx.get('idempotency-key');
  if (raw === '') return undefined;
  // A structured-field string (RFC 8941) may come quoted.
  const key = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (!KEY.test(key)) {
    throw validationError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key 应为 1–255 个可见 ASCII 字符（建议使用 UUID）', [
      { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_INVALID', message: '应为 1–255 个可见 ASCII 字符' },
    ]);
  }
  return key;
}

const ONLY_REPLAY = 'idempotencyOnlyReplay';

/**
 * Lets this request through to its route only for the replay of a stored answer: an operation
 * that declares `Idempotency-Key` may not act again (the caller has spent a budget, say), but an
 * exact repeat of a request it already answered still gets that answer (answerIdempotently); any
 * other request is refused with `refusal`. The route must answer through answerIdempotently.
 */
export function allowOnlyReplay(ctx: Context, refusal: Error): void {
  ctx.state[ONLY_REPLAY] = refusal;
}

/** Sends an idempotent response; a replayed one says so in `Idempotent-Replayed: true`. */
function sendIdempotent(ctx: Context, response: IdempotentResponse): void {
  ctx.status = response.status;
  ctx.body = response.body;
  if (response.replayed) ctx.set('Idempotent-Replayed', 'true');
}

/**
 * Answers with `write`'s response: once per `Idempotency-Key` when the request carries one (a
 * repeat gets the first answer again, see IdempotencyService), and simply by running it when not;
 * only the replay when the request was let through for that alone (allowOnlyReplay).
 */
export async function answerIdempotently(
  ctx: Context,
  idempotency: IdempotencyService,
  scope: { callerId: string; operation: string },
  request: unknown,
  write: IdempotentWrite,
): Promise<void> {
  const key = idempotencyKeyOf(ctx);
  const onlyReplay = ctx.state[ONLY_REPLAY] as Error | undefined;
  if (onlyReplay) {
    const stored = key ? await idempotency.replay({ ...scope, key }, request, write) : undefined;
    if (!stored) throw onlyReplay;
    return sendIdempotent(ctx, stored);
  }
  sendIdempotent(ctx, key ? await idempotency.run({ ...scope, key }, request, write) : { ...(await write.run(async () => undefined)), replayed: false });
}
