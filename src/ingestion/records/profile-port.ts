import type { DbOrTrx } from '../../db/database.js';
import type { VersionUsage } from './credit-record.js';

/**
 * What ingestion needs from profiles: mark stale (in the transaction that finishes a batch) and
 * drain, rebuild in the caller's transaction (a notice's, an objection's), audit.
 */
export interface ProfilePort {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  refresh(tx: DbOrTrx, usccs: readonly string[], reason: string): Promise<{ version: number; changed: boolean }[]>;
  rebuildDueInBackground(): void;
  /** Profiles marked at or before `at` still awaiting the drain (a finished batch's report). */
  pendingMarkedBy(tx: DbOrTrx, at: Date): Promise<number>;
  /** The profile versions of `uscc` that used the record. */
  versionsUsing(tx: DbOrTrx, uscc: string, recordId: number): Promise<VersionUsage[]>;
}
