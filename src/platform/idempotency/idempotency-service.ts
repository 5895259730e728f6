import canonicalize from 'canonicalize';
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { conflict, unprocessable } from '../errors.js';
import { sm3Hex } from '../national-crypto.js';
import type { IdempotencyScope, IdempotencyStore } from './idempotency-store.js';

/** How long a key is remembered (published in the API description). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** An attempt that has not completed after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 60_000;

const fingerprintOf = (request: unknown): string => sm3Hex(canonicalize(request) ?? '');

export interface IdempotentResponse {
  status: number;
  body: unknown;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * `Idempotency-Key` semantics (IETF draft, as in docs/decisions): per caller and operation, the
 * first request with a key runs and its response is stored; a repeat with the same body gets
 * that response again without acting twice; the same key with another body is refused (422),
 * and so is a repeat while the first is still running (409). A request that fails leaves no
 * trace: it may be retried with the same key.
 */
export class IdempotencyService {
  constructor(private readonly deps: { db: Db; store: IdempotencyStore; clock: Clock }) {}

  async run(scope: IdempotencyScope, request: unknown, handler: () => Promise<{ status: number; body: unknown }>): Promise<IdempotentResponse> {
    const { db, store, clock } = this.deps;
    const fingerprint = fingerprintOf(request);
    const now = clock.now();
    if (!(await store.claim(db, scope, fingerprint, now, new Date(now.getTime() - ABANDONED_AFTER_MS)))) {
      const earlier = await this.earlierAnswer(scope, fingerprint);
      if (earlier) return earlier;
      // In flight (or released by a failure the moment we looked): the caller should retry later.
      throw conflict('IDEMPOTENCY_REQUEST_IN_PROGRESS', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
    }
    let response: { status: number; body: unknown };
    try {
      response = await handler();
    } catch (error) {
      await store.release(db, scope);
      throw error;
    }
    await store.complete(db, scope, response, clock.now());
    return { ...response, replayed: false };
  }

  /**
   * The stored answer to an earlier request with this key and body, without running anything:
   * undefined when there is none (or it is still running); 422 when the key was used for another body.
   */
  replay(scope: IdempotencyScope, request: unknown): Promise<IdempotentResponse | undefined> {
    return this.earlierAnswer(scope, fingerprintOf(request));
  }

  private async earlierAnswer(scope: IdempotencyScope, fingerprint: string): Promise<IdempotentResponse | undefined> {
    const earlier = await this.deps.store.find(this.deps.db, scope);
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于内容不同的请求，请为新请求使用新的键', [
        { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: '同一个键只能用于同一个请求' },
      ]);
    }
    return earlier?.status === 'done' ? { status: earlier.responseStatus!, body: earlier.responseBody, replayed: true } : undefined;
  }

  purgeExpired(): Promise<number> {
    return this.deps.store.purge(this.deps.db, new Date(this.deps.clock.now().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000));
  }
}
