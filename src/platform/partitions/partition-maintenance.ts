import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { shanghaiMonth, type MonthRange } from './month-range.js';
import { MONTHLY_TABLES, type MonthlyTable, type RetentionMonths } from './monthly-tables.js';
import { isLockTimeout } from '../../db/transaction.js';
import type { MonthlyPartition, PartitionStore } from './partition-store.js';

/**
 * What a table's owner must do before one of its partitions is dropped, in the dropping
 * transaction (the access log anchors its hash chain). `false` defers the drop to a later run.
 */
export interface PartitionRetirer {
  beforeDrop(tx: DbOrTrx, partition: MonthlyPartition & { from: Date; to: Date }): Promise<boolean>;
}

export interface MaintenanceReport {
  created: string[];
  /** Months of a `period` table whose rows were moved out of the default partition into their own. */
  moved: string[];
  /** Months whose rows sit in the default partition and stay there for now (see PartitionStore.create). */
  blocked: string[];
  dropped: string[];
  /** Due for retention, but their owner asked to wait (e.g. rows not yet sealed). */
  deferred: string[];
}

export interface PartitionState {
  table: string;
  partitions: number;
  /** Seconds since the start of the oldest monthly partition (0 when none). */
  oldestAgeSeconds: number;
  defaultRows: number;
}

export interface PartitionMaintenanceDeps {
  db: DbOrTrx;
  transaction: <T>(work: (tx: DbOrTrx) => Promise<T>) => Promise<T>;
  store: PartitionStore;
  clock: Clock;
  logger: Logger;
  /** Partitions kept ready after the current month. */
  monthsAhead: number;
  retention: RetentionMonths;
  /** Per table, what must happen before its partitions are dropped. */
  retirers: Readonly<Record<string, PartitionRetirer>>;
  tables?: readonly MonthlyTable[];
}

const monthOf = (suffix: string): MonthRange => shanghaiMonth(new Date(Date.UTC(Number(suffix.slice(0, 4)), Number(suffix.slice(4)) - 1, 15)));

/**
 * Keeps the monthly partitions (docs/decisions/0016): this month and `monthsAhead` after it
 * exist, so inserts land in a monthly partition at every boundary (the default partition
 * catches them if this job has not run for that long); a `period` table's months caught in the
 * default partition (records of past months, or maintenance late) get their own partition;
 * partitions wholly older than a table's retention are detached and dropped after their owner's
 * `beforeDrop`. Run by one instance per firing (the scheduler's `job_runs`); safe to run again.
 */
export class PartitionMaintenance {
  private readonly tables: readonly MonthlyTable[];

  constructor(private readonly deps: PartitionMaintenanceDeps) {
    this.tables = deps.tables ?? MONTHLY_TABLES;
  }

  async run(): Promise<MaintenanceReport> {
    const { db, store, clock, monthsAhead, retention, transaction, logger } = this.deps;
    const report: MaintenanceReport = { created: [], moved: [], blocked: [], dropped: [], deferred: [] };
    const now = clock.now();
    for (const t of this.tables) {
      const waiting = new Set(await store.defaultMonths(db, t, shanghaiMonth(now, monthsAhead)));
      for (let offset = 0; offset <= monthsAhead; offset += 1) {
        const month = shanghaiMonth(now, offset);
        if (waiting.has(month.suffix)) continue;
        const outcome = await store.create(db, t, month);
        if (outcome === 'created') report.created.push(`${t.table}_p${month.suffix}`);
        if (outcome === 'blocked') report.blocked.push(`${t.table}_p${month.suffix}`);
      }
      let moved = 0;
      for (const suffix of waiting) {
        const name = `${t.table}_p${suffix}`;
        try {
          await transaction((tx) => store.adopt(tx, t, monthOf(suffix)));
          report.moved.push(name);
          moved += 1;
        } catch (error) {
          if (!isLockTimeout(error)) throw error;
          report.blocked.push(name);
        }
      }
      if (moved > 0) await store.vacuumDefault(db, t.table);
      const keep = retention[t.retention];
      if (keep === null) continue;
      const cutoff = shanghaiMonth(now, -keep).from;
      for (const partition of await store.list(db, t.table)) {
        const range = monthOf(partition.suffix);
        if (range.to.getTime() > cutoff.getTime()) continue;
        const retirer = this.deps.retirers[t.table];
        const dropped = await transaction(async (tx) => {
          if (retirer && !(await retirer.beforeDrop(tx, { ...partition, from: range.from, to: range.to }))) return false;
          await store.drop(tx, t.table, partition.name);
          return true;
        }).catch((error: unknown) => {
          // A retirer that waits on a lock only so long: the month waits for the next run.
          if (isLockTimeout(error)) return false;
          throw error;
        });
        (dropped ? report.dropped : report.deferred).push(partition.name);
      }
    }
    if (report.moved.length > 0) logger.info({ moved: report.moved }, 'months moved out of the default partition');
    if (report.blocked.length > 0) logger.warn({ blocked: report.blocked }, 'monthly partitions blocked by rows in the default partition');
    if (report.dropped.length > 0 || report.deferred.length > 0) logger.info({ dropped: report.dropped, deferred: report.deferred }, 'partition retention');
    return report;
  }

  /** Per table: monthly partitions, the oldest one's age and rows in the default partition (for /metrics). */
  async state(): Promise<PartitionState[]> {
    const { db, store, clock } = this.deps;
    const now = clock.now().getTime();
    const result: PartitionState[] = [];
    for (const t of this.tables) {
      const partitions = await store.list(db, t.table);
      const oldest = partitions[0];
      result.push({
        table: t.table,
        partitions: partitions.length,
        oldestAgeSeconds: oldest ? Math.max(0, Math.round((now - monthOf(oldest.suffix).from.getTime()) / 1000)) : 0,
        defaultRows: await store.defaultRows(db, t.table),
      });
    }
    return result;
  }
}
