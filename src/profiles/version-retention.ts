import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { keptSince } from './record-month-retirer.js';
import type { VersionCitationStore } from './version-citation-store.js';

/** Version ids looked at per transaction. */
const ID_WINDOW = 10_000n;

export interface VersionRetentionDeps {
  transaction: TransactionRunner;
  citations: Pick<VersionCitationStore, 'idsBuiltBefore' | 'deleteUnkept'>;
  clock: Clock;
  logger: Logger;
  /** The access log's retention (null: kept forever, and so is every version). */
  accessLogMonths: number | null;
}

/**
 * Retention of profile versions (docs/decisions/0016): a version goes, with its sections, once it
 * is no longer kept by the rule record retention uses: not the enterprise's current one, and
 * superseded before the first instant of the kept access log, so no logged read can have served
 * it. Walks the ids below the first version built inside the kept window (ids follow build
 * order, and a version built later is kept anyway) in windows, one transaction each.
 */
export class VersionRetention {
  constructor(private readonly deps: VersionRetentionDeps) {}

  async purgeUnkept(): Promise<number> {
    const { transaction, citations, clock, logger, accessLogMonths } = this.deps;
    const since = keptSince(clock, accessLogMonths);
    if (since === null) return 0;
    const ids = await transaction((tx) => citations.idsBuiltBefore(tx, since));
    if (ids === null) return 0;
    let removed = 0;
    for (let from = BigInt(ids.from), to = BigInt(ids.to); from < to; from += ID_WINDOW) {
      const until = from + ID_WINDOW < to ? from + ID_WINDOW : to;
      removed += await transaction((tx) => citations.deleteUnkept(tx, since, String(from), String(until)));
    }
    if (removed > 0) logger.info({ removed, supersededBefore: since.toISOString() }, 'profile versions past the access log retention purged');
    return removed;
  }
}
