import type { TransactionRunner } from '../../db/transaction.js';
import type { DbOrTrx } from '../../db/database.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { shanghaiMonth } from '../../platform/partitions/month-range.js';
import type { Logger } from '../../platform/logger.js';
import type { EndedRecord, RecordRetentionStore } from './record-retention-store.js';
import type { TypedRecordTable } from './typed-record-table.js';

/** Records purged per transaction. */
const PURGE_BATCH = 1_000;

/**
 * What retention needs from profiles (which sit above ingestion; src/services.ts wires the
 * profile versions' citation store in): rule (b) of docs/decisions/0016.
 */
export interface RecordCitations {
  /** Holds off new profile versions until the caller's transaction ends. */
  holdNewVersions(tx: DbOrTrx): Promise<void>;
  /** The ids among `records` that a kept profile version cites. */
  citedAmong(tx: DbOrTrx, records: readonly EndedRecord[]): Promise<Set<string>>;
}

export interface RecordRetentionDeps {
  transaction: TransactionRunner;
  store: RecordRetentionStore;
  citations: RecordCitations;
  clock: Clock;
  logger: Logger;
  /** The typed tables whose records end (their descriptor's `ends`) and are not partitioned by month. */
  tables: readonly TypedRecordTable[];
  /** Months a record is kept after the month it stopped being in effect; null keeps every record. */
  months: number | null;
}

/**
 * Retention of the record categories that are not partitioned by month (penalties, permits,
 * lists and the other events; docs/decisions/0016): a record goes once it stopped being in
 * effect (公示截止期, validity, removal, closing) before the first day of (this month −
 * `months`), is not under objection, and no kept profile version cites it; a cited record
 * stays and is asked again on the next run. Batched deletes, one transaction each.
 */
export class RecordRetention {
  constructor(private readonly deps: RecordRetentionDeps) {}

  /** Returns the number of records removed per category (categories with none left out). */
  async purgeEnded(): Promise<Record<string, number>> {
    const { months, clock, tables } = this.deps;
    if (months === null) return {};
    const endedBefore = shanghaiDate(shanghaiMonth(clock.now(), -months).from);
    const removed: Record<string, number> = {};
    for (const table of tables) {
      const n = await this.purgeTable(table, endedBefore);
      if (n > 0) removed[table.category] = n;
    }
    if (Object.keys(removed).length > 0) this.deps.logger.info({ removed, endedBefore }, 'ended records purged');
    return removed;
  }

  private async purgeTable(table: TypedRecordTable, endedBefore: string): Promise<number> {
    const { transaction, store, citations } = this.deps;
    let afterId = '0';
    let total = 0;
    for (;;) {
      const { seen, removed, lastId } = await transaction(async (tx) => {
        await citations.holdNewVersions(tx);
        const candidates = await store.ended(tx, table, endedBefore, afterId, PURGE_BATCH);
        const cited = candidates.length > 0 ? await citations.citedAmong(tx, candidates) : new Set<string>();
        const ids = candidates.filter((r) => !cited.has(r.id)).map((r) => r.id);
        return { seen: candidates.length, removed: await store.remove(tx, table, ids), lastId: candidates.at(-1)?.id };
      });
      total += removed;
      if (seen < PURGE_BATCH || lastId === undefined) return total;
      afterId = lastId;
    }
  }
}
