import type { DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { shanghaiMonth } from '../platform/partitions/month-range.js';
import type { PartitionRetirer } from '../platform/partitions/partition-maintenance.js';
import type { MonthlyPartition } from '../platform/partitions/partition-store.js';
import type { VersionCitationStore } from './version-citation-store.js';

export interface RecordMonthRetirerDeps {
  citations: Pick<VersionCitationStore, 'holdNewVersions' | 'citesAny'>;
  clock: Clock;
  /** The access log's retention (null: kept forever): a version that served a kept read stays explainable. */
  accessLogMonths: number | null;
}

/**
 * From when a version must stay explainable: the first instant of the kept access log (null: the
 * log is kept forever, and so is every version).
 */
export const keptSince = (clock: Clock, accessLogMonths: number | null): Date | null =>
  accessLogMonths === null ? null : shanghaiMonth(clock.now(), -accessLogMonths).from;

/**
 * Rule (b) of a record month's retention (docs/decisions/0016): the month past its retention is
 * dropped only when no kept profile version cites one of its records, so a profile shown to a
 * bank can still be explained. A version is kept while it is the enterprise's current one or was
 * current at an instant the kept access log covers (a logged read may have served it).
 */
export class RecordMonthRetirer implements PartitionRetirer {
  constructor(private readonly deps: RecordMonthRetirerDeps) {}

  async beforeDrop(tx: DbOrTrx, partition: MonthlyPartition): Promise<boolean> {
    const { citations, clock, accessLogMonths } = this.deps;
    await citations.holdNewVersions(tx);
    return !(await citations.citesAny(tx, partition.name, keptSince(clock, accessLogMonths)));
  }
}
