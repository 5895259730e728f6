import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import type { BatchStore } from './batch-store.js';
import type { CreditRecordStore } from '../records/credit-record-store.js';

/** What recovery needs from profiles (a subset of the ingestion service's ProfilePort). */
export interface StaleMarker {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  rebuildDueInBackground(): void;
}

export interface BatchRecoveryDeps {
  db: Db;
  transaction: TransactionRunner;
  batches: BatchStore;
  records: Pick<CreditRecordStore, 'usccsOfBatches'>;
  profiles: StaleMarker;
  clock: Clock;
  /** A `processing` batch whose heartbeat is older than this has no process loading it any more. */
  staleSeconds: number;
}

/** The reason a batch left by a stopped process is failed with (shown to the department). */
export const INTERRUPTED_BY_STOP = '平台在处理该批次时停止（进程崩溃或重启），批次未完成；已接收的行已保存，可重新报送（重复报送不会产生重复记录）';

/** USCCs per mark-stale statement (bounds the statement's parameter). */
const MARK_STALE_SLICE = 10_000;

const markSlices = async (profiles: StaleMarker, tx: DbOrTrx, sorted: readonly string[]) => {
  for (let i = 0; i < sorted.length; i += MARK_STALE_SLICE) await profiles.markStale(tx, sorted.slice(i, i + MARK_STALE_SLICE));
};

/** Marks profiles stale in sorted slices, so concurrent batches lock profile heads in the same order. */
export async function markStaleSorted(profiles: StaleMarker, tx: DbOrTrx, usccs: Iterable<string>): Promise<void> {
  await markSlices(profiles, tx, [...usccs].sort());
}

/**
 * Marks profiles stale in up to `parts` transactions at once, each over its own range of the
 * sorted USCCs (so each still locks heads in ascending order, and no two wait on each other).
 * Settles every part before it fails with the first error: a part that failed leaves its range
 * to BatchRecovery, which marks a batch that did not finish.
 */
export async function markStaleInParts(profiles: StaleMarker, transaction: TransactionRunner, usccs: Iterable<string>, parts: number): Promise<void> {
  const sorted = [...usccs].sort();
  const size = Math.max(MARK_STALE_SLICE, Math.ceil(sorted.length / Math.max(1, parts)));
  const ranges: string[][] = [];
  for (let i = 0; i < sorted.length; i += size) ranges.push(sorted.slice(i, i + size));
  const outcomes = await Promise.allSettled(ranges.map((range) => transaction((tx) => markSlices(profiles, tx, range))));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Every batch reaches a final state. The process loading a batch keeps its heartbeat fresh
 * (every quarter of `staleSeconds`); any instance fails a `processing` batch whose heartbeat is
 * older than `staleSeconds` with INTERRUPTED_BY_STOP and marks the profiles of the records it
 * stored (its chunks committed, but the transaction that marks them at the end never ran). At
 * start every unfinished batch's enterprises are marked, as a batch another instance is still
 * loading costs only a spare rebuild.
 */
export class BatchRecovery {
  private readonly loading = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: BatchRecoveryDeps) {}

  /** Keeps the batch's heartbeat while this process loads it; call the returned function when it is finished. */
  track(batchId: string): () => void {
    this.loading.add(batchId);
    return () => this.loading.delete(batchId);
  }

  /** Starts the heartbeat and the sweep for abandoned batches; `onError` hears of a failed round. */
  start(onError: (error: unknown) => void): void {
    this.timer ??= setInterval(() => void this.tick().catch(onError), (this.deps.staleSeconds * 1_000) / 4);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** At start: marks the enterprises of every unfinished batch and fails the abandoned ones; returns the batches looked at. */
  async recoverAtStart(): Promise<string[]> {
    const { deps } = this;
    const ids = await deps.transaction(async (tx) => {
      const found = await deps.batches.unfinished(tx);
      if (found.length === 0) return found;
      await markStaleSorted(deps.profiles, tx, await deps.records.usccsOfBatches(tx, found));
      await deps.batches.closeAbandoned(tx, deps.staleSeconds, INTERRUPTED_BY_STOP, deps.clock.now());
      return found;
    });
    if (ids.length) deps.profiles.rebuildDueInBackground();
    return ids;
  }

  /** Fails the batches whose process stopped, marking their enterprises; returns their ids. */
  async sweep(): Promise<string[]> {
    const { deps } = this;
    const closed = await deps.transaction(async (tx) => {
      const ids = await deps.batches.closeAbandoned(tx, deps.staleSeconds, INTERRUPTED_BY_STOP, deps.clock.now());
      if (ids.length) await markStaleSorted(deps.profiles, tx, await deps.records.usccsOfBatches(tx, ids));
      return ids;
    });
    if (closed.length) deps.profiles.rebuildDueInBackground();
    return closed;
  }

  private async tick(): Promise<void> {
    await this.deps.batches.heartbeat(this.deps.db, [...this.loading]);
    await this.sweep();
  }
}
