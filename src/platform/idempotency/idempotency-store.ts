import type { DbOrTrx } from '../../db/database.js';

export interface IdempotencyScope {
  callerId: string;
  operation: string;
  key: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: 'in_flight' | 'done';
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
}

export interface IdempotencyStore {
  /**
   * Claims the key for a request: true when the key was free, or held by an attempt that began
   * before `abandonedBefore` and never completed (its claim is taken over). False when another
   * request holds or has used it.
   */
  claim(db: DbOrTrx, scope: IdempotencyScope, fingerprint: string, now: Date, abandonedBefore: Date): Promise<boolean>;
  find(db: DbOrTrx, scope: IdempotencyScope): Promise<IdempotencyRecord | undefined>;
  complete(db: DbOrTrx, scope: IdempotencyScope, response: { status: number; body: unknown }, now: Date): Promise<void>;
  /** Frees an in-flight claim whose request failed, so a retry may run it. */
  release(db: DbOrTrx, scope: IdempotencyScope): Promise<void>;
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
        createdAt: row.created_at,
      }
    );
  },
  async complete(db, scope, response, now) {
    await db('idempotency_keys')
      .where(where(scope))
      .update({ status: 'done', response_status: response.status, response_body: JSON.stringify(response.body), completed_at: now });
  },
  async release(db, scope) {
    await db('idempotency_keys').where({ ...where(scope), status: 'in_flight' }).delete();
  },
  async purge(db, before) {
    return db('idempotency_keys').where('created_at', '<', before).delete();
  },
};
