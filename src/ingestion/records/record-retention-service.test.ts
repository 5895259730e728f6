import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import { fakeTransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import { createLogger } from '../../platform/logger.js';
import type { EndedRecord, RecordRetentionStore } from './record-retention-store.js';
import { RecordRetention, type RecordCitations } from './record-retention-service.js';
import type { TypedRecordTable } from './typed-record-table.js';

/** Ended records in memory, by id; `asked` keeps each query's cut-off date and starting id. */
class FakeEndedRecords implements RecordRetentionStore {
  readonly asked: string[] = [];
  constructor(readonly rows: EndedRecord[]) {}
  async ended(_tx: DbOrTrx, _table: TypedRecordTable, endedBefore: string, afterId: string, limit: number) {
    this.asked.push(`${endedBefore} after ${afterId}`);
    return this.rows.filter((r) => Number(r.id) > Number(afterId)).slice(0, limit);
  }
  async remove(_tx: DbOrTrx, _table: TypedRecordTable, ids: readonly string[]) {
    const gone = new Set(ids);
    const before = this.rows.length;
    this.rows.splice(0, this.rows.length, ...this.rows.filter((r) => !gone.has(r.id)));
    return before - this.rows.length;
  }
}

class FakeCitations implements RecordCitations {
  holds = 0;
  constructor(private readonly cited: Set<string>) {}
  async holdNewVersions() {
    this.holds += 1;
  }
  async citedAmong(_tx: DbOrTrx, records: readonly EndedRecord[]) {
    return new Set(records.map((r) => r.id).filter((id) => this.cited.has(id)));
  }
}

const penalties = { category: 'penalties', table: 'penalties_records', ends: 't.publicity_end' } as TypedRecordTable;
// 2026-12-01 00:30 in Asia/Shanghai: still November in UTC.
const clock = new FakeClock(new Date('2026-11-30T16:30:00Z'));
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1), uscc: '91420200MA4KXXXX1A' }));

const retention = (store: RecordRetentionStore, citations: RecordCitations, months: number | null) =>
  new RecordRetention({ transaction: fakeTransactionRunner, store, citations, clock, logger: createLogger('silent'), tables: [penalties], months });

describe('RecordRetention', () => {
  it('removes the ended records no kept version cites, batch after batch past the cited ones, each batch after new versions are held off', async () => {
    const store = new FakeEndedRecords(records(2_500));
    const citations = new FakeCitations(new Set(['1', '1000', '2500']));
    expect(await retention(store, citations, 36).purgeEnded()).toEqual({ penalties: 2_497 });
    expect(store.rows.map((r) => r.id)).toEqual(['1', '1000', '2500']);
    // The first day of (this Shanghai month − 36), and each batch after the last id seen.
    expect(store.asked).toEqual(['2023-12-01 after 0', '2023-12-01 after 1000', '2023-12-01 after 2000']);
    expect(citations.holds).toBe(3);
  });

  it('keeps every record when retention is off', async () => {
    const store = new FakeEndedRecords(records(3));
    expect(await retention(store, new FakeCitations(new Set()), null).purgeEnded()).toEqual({});
    expect(store.rows).toHaveLength(3);
    expect(store.asked).toEqual([]);
  });
});
