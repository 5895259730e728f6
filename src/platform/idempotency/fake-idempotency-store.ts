import type { IdempotencyRecord, IdempotencyScope, IdempotencyStore } from './idempotency-store.js';

const id = (s: IdempotencyScope) => `${s.callerId}|${s.operation}|${s.key}`;

export class FakeIdempotencyStore implements IdempotencyStore {
  readonly rows = new Map<string, IdempotencyRecord>();

  async claim(_db: unknown, scope: IdempotencyScope, fingerprint: string, now: Date, abandonedBefore: Date) {
    const row = this.rows.get(id(scope));
    if (row && !(row.status === 'in_flight' && row.createdAt < abandonedBefore)) return false;
    this.rows.set(id(scope), { fingerprint, status: 'in_flight', responseStatus: null, responseBody: null, appliedRef: null, createdAt: now });
    return true;
  }
  async find(_db: unknown, scope: IdempotencyScope) {
    return this.rows.get(id(scope));
  }
  async markApplied(_tx: unknown, scope: IdempotencyScope, claimedAt: Date, ref: string) {
    const row = this.rows.get(id(scope));
    if (row?.status !== 'in_flight' || row.createdAt.getTime() !== claimedAt.getTime()) return false;
    this.rows.set(id(scope), { ...row, status: 'applied', appliedRef: ref });
    return true;
  }
  async complete(_db: unknown, scope: IdempotencyScope, response: { status: number; body: unknown }) {
    const row = this.rows.get(id(scope));
    if (!row || row.status === 'done') return;
    this.rows.set(id(scope), { ...row, status: 'done', responseStatus: response.status, responseBody: structuredClone(response.body) });
  }
  async release(_db: unknown, scope: IdempotencyScope, claimedAt: Date) {
    const row = this.rows.get(id(scope));
    if (row?.status === 'in_flight' && row.createdAt.getTime() === claimedAt.getTime()) this.rows.delete(id(scope));
  }
  async purge(_db: unknown, before: Date) {
    let n = 0;
    for (const [key, row] of this.rows) if (row.createdAt < before && this.rows.delete(key)) n++;
    return n;
  }
}
