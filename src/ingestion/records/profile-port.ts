import type { DbOrTrx } from '../../db/database.js';
import type { VersionUsage } from './credit-record.js';

/** What ingestion needs from profiles: mark stale (in the transaction that finishes a batch, or a notice's), rebuild, audit. */
export interface ProfilePort {
  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
  rebuild(uscc: string, reason: string): Promise<{ version: number; changed: boolean }>;
  rebuildDueInBackground(): void;
  versionsUsing(tx: DbOrTrx, recordId: number): Promise<VersionUsage[]>;
}
