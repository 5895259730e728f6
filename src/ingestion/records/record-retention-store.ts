import type { DbOrTrx } from '../../db/database.js';
import type { TypedRecordTable } from './typed-record-table.js';

/** A record past its retention: candidates are checked against the kept profile versions before they go. */
export interface EndedRecord {
  id: string;
  uscc: string;
}

export interface RecordRetentionStore {
  /**
   * Up to `limit` records of `table` with an id above `afterId` that stopped being in effect
   * before `endedBefore` (`YYYY-MM-DD`) and are not under objection (异议中), by id, locked for
   * the caller's transaction (rows another transaction holds are left for the next run).
   */
  ended(tx: DbOrTrx, table: TypedRecordTable, endedBefore: string, afterId: string, limit: number): Promise<EndedRecord[]>;
  remove(tx: DbOrTrx, table: TypedRecordTable, ids: readonly string[]): Promise<number>;
}

export const recordRetentionStore: RecordRetentionStore = {
  async ended(tx, table, endedBefore, afterId, limit) {
    if (!table.ends) return [];
    const result = await tx.raw(
      `select t.id::text as id, t.uscc from ${table.table} t
        where ${table.ends} < ?::date and not t.disputed and t.id > ?::bigint
        order by t.id limit ? for update skip locked`,
      [endedBefore, afterId, limit],
    );
    return result.rows as EndedRecord[];
  },
  async remove(tx, table, ids) {
    if (ids.length === 0) return 0;
    return tx(table.table).whereIn('id', ids).delete();
  },
};
