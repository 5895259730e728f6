import canonicalize from 'canonicalize';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { conflict, unprocessable } from '../errors.js';
import { sm3Hex } from '../national-crypto.js';
import type { IdempotencyRecord, IdempotencyScope, IdempotencyStore } from './idempotency-store.js';

/** How long a key is remembered (published in the API description). */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** An attempt that has not applied its write after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 60_000;

const fingerprintOf = (request: unknown): string => sm3Hex(canonicalize(request) ?? '');

export interface IdempotentResponse {
  status: number;
  body: unknown;
  /** True when this answers an earlier request with the same key (its stored answer, or its applied write). */
  replayed: boolean;
}

type Response = { status: number; body: unknown };

/**
 * Marks the claim applied inside the transaction `tx` that commits the write, with `ref`, what
 * `answerApplied` needs (the id of the row written). Refuses (409, rolling the write back) when the
 * claim is no longer this request's.
 */
export type MarkApplied = (tx: DbOrTrx, ref: string) => Promise<void>;

/** A write run once per key. */
export interface IdempotentWrite {
  /** Runs the write, calling `applied` in the transaction that commits its effect. */
  run(applied: MarkApplied): Promise<Response>;
  /**
   * The answer to a repeat of a write that committed but whose answer was never stored (its
   * process died in between): built from the state as it is now, from `ref`.
   */
  answerApplied(ref: string): Promise<Response>;
}

const inProgress = () => conflict('IDEMPOTENCY_REQUEST_IN_PROGRESS', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');

/**
 * `Idempotency-Key` semantics (IETF draft, as in docs/decisions): per caller and operation, the
 * first request with a key runs and its response is stored; a repeat with the same body gets
 * that response again without acting twice; the same key with another body is refused (422),
 * and so is a repeat while the first is still running (409). A request that fails leaves no
 * trace: it may be retried with the same key.
 *
 * The claim is marked applied in the write's own transaction (0060), so a process that dies
 * after the commit and before the answer is stored leaves an applied claim: a repeat is answered
 * from the state as it is now, never by running the write again.
 */
export class IdempotencyService {
  constructor(private readonly deps: { db: Db; store: IdempotencyStore; clock: Clock }) {}

  async run(scope: IdempotencyScope, request: unknown, write: IdempotentWrite): Promise<IdempotentResponse> {
    const { db, store, clock } = this.deps;
    const fingerprint = fingerprintOf(request);
    const claimedAt = clock.now();
    if (!(await store.claim(db, scope, fingerprint, claimedAt, new Date(claimedAt.getTime() - ABANDONED_AFTER_MS)))) {
      const earlier = await this.earlierAnswer(scope, fingerprint, write);
      if (earlier) return earlier;
      // In flight (or released by a failure the moment we looked): the caller should retry later.
      throw inProgress();
    }
    let response: Response;
    try {
      response = await write.run(async (tx, ref) => {
        if (!(await store.markApplied(tx, scope, claimedAt, ref))) throw inProgress();
      });
    } catch (error) {
      await store.release(db, scope, claimedAt);
      // This attempt's write may have committed before a later step failed, or another attempt
      // (one that took the claim over) applied it: either way the repeat has its answer.
      const earlier = await this.earlierAnswer(scope, fingerprint, write).catch(() => undefined);
      if (earlier) return earlier;
      throw error;
    }
    await store.complete(db, scope, response, clock.now());
    return { ...response, replayed: false };
  }

  /**
   * The answer to an earlier request with this key and body, without running anything: undefined
   * when there is none (or it is still running); 422 when the key was used for another body.
   */
  replay(scope: IdempotencyScope, request: unknown, write: Pick<IdempotentWrite, 'answerApplied'>): Promise<IdempotentResponse | undefined> {
    return this.earlierAnswer(scope, fingerprintOf(request), write);
  }

  private async earlierAnswer(
    scope: IdempotencyScope,
    fingerprint: string,
    write: Pick<IdempotentWrite, 'answerApplied'>,
  ): Promise<IdempotentResponse | undefined> {
    const { db, store, clock } = this.deps;
    const earlier = await store.find(db, scope);
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于内容不同的请求，请为新请求使用新的键', [
        { field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: '同一个键只能用于同一个请求' },
      ]);
    }
    if (earlier?.status === 'done') return { status: earlier.responseStatus!, body: earlier.responseBody, replayed: true };
    if (earlier?.status !== 'applied') return undefined;
    const response = await write.answerApplied(appliedRefOf(earlier));
    // Kept, so every later repeat gets the same bytes: these, or the first attempt's if it stored them first.
    await store.complete(db, scope, response, clock.now());
    const stored = await store.find(db, scope);
    return stored?.status === 'done' ? { status: stored.responseStatus!, body: stored.responseBody, replayed: true } : { ...response, replayed: true };
  }

  purgeExpired(): Promise<number> {
    return this.deps.store.purge(this.deps.db, new Date(this.deps.clock.now().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000));
  }
}

function appliedRefOf(record: IdempotencyRecord): string {
  if (record.appliedRef === null) throw new Error('an applied idempotency claim without its reference');
  return record.appliedRef;
}
