import type { DbOrTrx } from '../../db/database.js';
import { rowsAffected } from '../../db/rows-affected.js';

export interface StoredCallback {
  id: number;
  fingerprint: string;
  outcome: string;
  result: Record<string, unknown>;
}

export interface BankCallbackStore {
  /**
   * Claims (bank, event id) for this transaction; undefined when it was claimed before. A
   * concurrent claim of the same id waits on the unique index until the first commits.
   */
  claim(tx: DbOrTrx, c: { bankCode: string; eventId: string; fingerprint: string; applicationId: string }): Promise<number | undefined>;
  find(tx: DbOrTrx, bankCode: string, eventId: string): Promise<StoredCallback | undefined>;
  complete(tx: DbOrTrx, id: number, outcome: string, result: Record<string, unknown>): Promise<void>;
  /**
   * Keeps a refused callback unless the bank already has `limit.max` kept within the window (one
   * statement); true when kept.
   */
  logRefusal(
    db: DbOrTrx,
    r: { bankCode: string; reason: string; remoteAddress: string | null; bodySm3: string },
    limit: { max: number; windowSeconds: number },
  ): Promise<boolean>;
  deleteRefusalsBefore(db: DbOrTrx, before: Date): Promise<number>;
}

export const bankCallbackStore: BankCallbackStore = {
  async claim(tx, c) {
    const rows = (await tx('bank_callbacks')
      .insert({ bank_code: c.bankCode, event_id: c.eventId, fingerprint: c.fingerprint, application_id: c.applicationId, outcome: 'pending', result: '{}' })
      .onConflict(['bank_code', 'event_id'])
      .ignore()
      .returning('id')) as { id: number | string }[];
    return rows[0] ? Number(rows[0].id) : undefined;
  },
  async find(tx, bankCode, eventId) {
    const row = await tx('bank_callbacks').where({ bank_code: bankCode, event_id: eventId }).first();
    return row && { id: Number(row.id), fingerprint: row.fingerprint, outcome: row.outcome, result: row.result };
  },
  async complete(tx, id, outcome, result) {
    await tx('bank_callbacks').where({ id }).update({ outcome, result: JSON.stringify(result) });
  },
  async logRefusal(db, r, limit) {
    const result = await db.raw(
      `insert into bank_callback_rejections (bank_code, reason, remote_address, body_sm3)
       select ?, ?, ?, ?
        where (select count(*) from (select 1 from bank_callback_rejections
                                      where bank_code = ? and received_at > now() - make_interval(secs => ?) limit ?) as recent) < ?`,
      [r.bankCode, r.reason, r.remoteAddress, r.bodySm3, r.bankCode, limit.windowSeconds, limit.max, limit.max],
    );
    return rowsAffected(result) > 0;
  },
  async deleteRefusalsBefore(db, before) {
    return db('bank_callback_rejections').where('received_at', '<', before).delete();
  },
};
