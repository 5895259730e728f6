import type { DbOrTrx } from '../../db/database.js';

export interface IdempotencyScope {
  callerId: string;
  operation: string;
  key: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  /** `applied`: the write committed (with `appliedRef`) and its answer is not stored yet. */
  status: 'in_flight' | 'applied' | 'done';
  responseStatus: number | null;
  responseBody: unknown;
  /** What answering an applied write needs (the id of the application it wrote). */
  appliedRef: string | null;
  createdAt: Date;
}

export interface IdempotencyStore {
  /**
   * Claims the key for a request: true when the key was free, or held by an attempt that began
   * before `abandonedBefore` and never applied its write (its claim is taken over). False when
   * another request holds or has used it. The claim is known by `now` (its `createdAt`).
   */
  claim(db: DbOrTrx, scope: IdempotencyScope, fingerprint: string, now: Date, abandonedBefore: Date): Promise<boolean>;
  find(db: DbOrTrx, scope: IdempotencyScope): Promise<IdempotencyRecord | undefined>;
  /**
   * Marks the claim made at `claimedAt` applied, in the write's own transaction `tx`; false when
   * the claim is no longer that one (taken over, or applied by another attempt).
   */
  markApplied(tx: DbOrTrx, scope: IdempotencyScope, claimedAt: Date, ref: string): Promise<boolean>;
  /** Stores the answer of a claim not yet answered. */
  complete(db: DbOrTrx, scope: IdempotencyScope, response: { status: number; body: unknown }, now: Date): Promise<void>;
  /** Frees the in-flight claim made at `claimedAt` whose request failed, so a retry may run it. */
  release(db: DbOrTrx, scope: IdempotencyScope, claimedAt: Date): Promise<void>;
  /** Deletes keys created before `before`; returns how many. */
  purge(db: DbOrTrx, before: Date): Promise<number>;
}

const where = (s: IdempotencyScope) => ({ caller_id: s.callerId, operation: s.operation, key: s.key });

export const idempotencyStore: IdempotencyStore = {
  async claim(db, scope, fingerprint, now, abandonedBefore) {
    const result = await db.raw(
      `insert into idempotency_keys (caller_id, operation, key, fingerprint, status, created_at)
       values (?, ?, ?, ?, 'in_flight', ?)
       on conflict (caller_id, operation, key) do update set fingerprint = excluded.fingerprint, created_at = excluded.created_at
       where idempotency_keys.status = 'in_flight' and idempotency_keys.created_at < ?
       returning 1`,
      [scope.callerId, scope.operation, scope.key, fingerprint, now, abandonedBefore],
    );
    return result.rows.length === 1;
  },
  async find(db, scope) {
    const row = await db('idempotency_keys').where(where(scope)).first();
    return (
      row && {
        fingerprint: row.fingerprint,
        status: row.status,
        responseStatus: row.response_status,
        responseBody: row.response_body,
        appliedRef: row.applied_ref,
        createdAt: row.created_at,
      }
    );
  },
  async markApplied(tx, scope, claimedAt, ref) {
    const updated = await tx('idempotency_keys')
      .where({ ...where(scope), status: 'in_flight', created_at: claimedAt })
      .update({ status: 'applied', applied_ref: ref });
    return updated === 1;
  },
  async complete(db, scope, response, now) {
    await db('idempotency_keys')
      .where(where(scope))
      .whereNot({ status: 'done' })
      .update({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body), completed_at: now });
  },
  async release(db, scope, claimedAt) {
    await db('idempotency_keys').where({ ...where(scope), status: 'in_flight', created_at: claimedAt }).delete();
  },
  async purge(db, before) {
    return db('idempotency_keys').where('created_at', '<', before).delete();
  },
};
