import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import type { PartitionRetirer } from '../platform/partitions/partition-maintenance.js';
import { buildLinks, checkLinks, GENESIS_HASH, type ChainCheck, type ChainState } from './access-log-chain.js';
import type { AccessLogAnchorStore } from './access-log-anchor-store.js';
import type { AccessLogStore, ChainHead } from './access-log-store.js';

export interface AccessLogLedgerDeps {
  db: Db;
  transaction: TransactionRunner;
  accessLog: AccessLogStore;
  anchors: AccessLogAnchorStore;
  clock: Clock;
}

const newer = (a: ChainHead | undefined, b: ChainHead | undefined) => (!a ? b : !b ? a : a.chainSeq >= b.chainSeq ? a : b);

/**
 * The access log's SM3 chain over its monthly partitions (docs/decisions/0016): sealing, the
 * walk that verifies it, and the anchor retention leaves when it drops a month, so what remains
 * still proves that nothing was changed and nothing removed out of turn.
 */
export class AccessLogLedger implements PartitionRetirer {
  constructor(private readonly deps: AccessLogLedgerDeps) {}

  /** Chains every unsealed row (in id order) after the newest link, kept or anchored. */
  async seal(batch = 1_000): Promise<number> {
    const { transaction, accessLog, anchors } = this.deps;
    let total = 0;
    for (;;) {
      const sealed = await transaction(async (tx) => {
        await accessLog.lockChain(tx);
        const rows = await accessLog.unsealed(tx, batch);
        if (rows.length === 0) return 0;
        const head = newer(await accessLog.chainHead(tx), (await anchors.summary(tx)).head);
        await accessLog.seal(tx, buildLinks(head, rows));
        return rows.length;
      });
      total += sealed;
      if (sealed < batch) return total;
    }
  }

  /** Re-computes the chain from genesis over the kept rows, passing over anchored drops only. */
  async verify(batch = 5_000): Promise<ChainCheck> {
    const { db, accessLog, anchors } = this.deps;
    const anchored = await anchors.summary(db);
    let state: ChainState = { seq: 0, prev: GENESIS_HASH, checked: 0, skipped: 0 };
    for (;;) {
      const rows = await accessLog.sealedAfter(db, state.seq, batch);
      const result = checkLinks(state, rows, anchored.edges);
      if (!result.ok) return { ok: false, checked: state.checked, anchored: anchored.dropped, brokenAtSeq: result.brokenAtSeq };
      state = result.state;
      if (rows.length < batch) break;
    }
    // Links dropped after the newest kept one (every sealed row of the chain was retired).
    const trailing = anchored.head && anchored.head.chainSeq > state.seq ? anchored.head.chainSeq - state.seq : 0;
    if (state.skipped + trailing !== anchored.dropped) {
      return { ok: false, checked: state.checked, anchored: anchored.dropped, brokenAtSeq: state.seq + 1 };
    }
    return { ok: true, checked: state.checked, anchored: anchored.dropped };
  }

  /**
   * Retention's hook: anchor the month in the dropping transaction, holding the sealer's lock so
   * the head it continues from is either kept or anchored; wait while any row of it is unsealed.
   */
  async beforeDrop(tx: DbOrTrx, partition: { name: string; from: Date; to: Date }): Promise<boolean> {
    await this.deps.accessLog.lockChain(tx);
    return this.deps.anchors.anchor(tx, partition, this.deps.clock.now());
  }
}
