import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import { FakeClock } from '../clock.js';
import { createLogger } from '../logger.js';
import type { MonthRange } from './month-range.js';
import type { MonthlyTable } from './monthly-tables.js';
import { PartitionMaintenance } from './partition-maintenance.js';
import type { CreateOutcome, MonthlyPartition, PartitionStore } from './partition-store.js';

/** A store over a set of partition suffixes and the months waiting in a default partition. */
class FakeStore implements PartitionStore {
  readonly partitions = new Set<string>();
  readonly vacuumed: string[] = [];
  constructor(readonly waiting: string[], private readonly lockFree: (suffix: string) => boolean) {}
  async list(): Promise<MonthlyPartition[]> {
    return [...this.partitions].sort().map((suffix) => ({ name: `tax_payment_records_p${suffix}`, suffix }));
  }
  async create(_db: DbOrTrx, _t: MonthlyTable, month: MonthRange): Promise<CreateOutcome> {
    if (this.partitions.has(month.suffix)) return 'exists';
    this.partitions.add(month.suffix);
    return 'created';
  }
  async defaultMonths(): Promise<string[]> {
    return this.waiting;
  }
  async adopt(_tx: DbOrTrx, _t: MonthlyTable, month: MonthRange): Promise<void> {
    if (!this.lockFree(month.suffix)) throw Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' });
    this.partitions.add(month.suffix);
  }
  async vacuumDefault(_db: DbOrTrx, table: string): Promise<void> {
    this.vacuumed.push(table);
  }
  async defaultRows(): Promise<number> {
    return 0;
  }
  async drop(_tx: DbOrTrx, _table: string, partition: string): Promise<void> {
    this.partitions.delete(partition.slice(-6));
  }
}

const table: MonthlyTable = { table: 'tax_payment_records', key: 'period', kind: 'period', retention: 'periodRecordMonths' };
const run = (store: FakeStore) =>
  new PartitionMaintenance({
    db: {} as DbOrTrx,
    transaction: (work) => work({} as DbOrTrx),
    store,
    clock: new FakeClock(new Date('2026-12-05T02:00:00Z')),
    logger: createLogger('silent'),
    monthsAhead: 1,
    retention: { accessLogMonths: null, loanEventMonths: null, periodRecordMonths: null },
    retirers: {},
    tables: [table],
  }).run();

describe('maintenance of a table partitioned by period', () => {
  it('moves the waiting months into their own partitions, and leaves a month whose lock was not granted for the next run', async () => {
    const store = new FakeStore(['202001', '202412', '202612'], (suffix) => suffix !== '202412');
    const report = await run(store);
    expect(report.moved).toEqual(['tax_payment_records_p202001', 'tax_payment_records_p202612']);
    expect(report.blocked).toEqual(['tax_payment_records_p202412']);
    // This month was waiting, so it was moved rather than created; the next one was created.
    expect(report.created).toEqual(['tax_payment_records_p202701']);
    expect([...store.partitions].sort()).toEqual(['202001', '202612', '202701']);
    // The moved rows' index entries are vacuumed away: every read by key probes the default partition.
    expect(store.vacuumed).toEqual(['tax_payment_records']);
  });
});
