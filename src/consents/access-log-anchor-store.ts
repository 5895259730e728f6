import type { DbOrTrx } from '../db/database.js';
import type { ChainHead } from './access-log-store.js';

/** An access-log partition about to be dropped by retention. */
export interface DroppedRange {
  name: string;
  from: Date;
  to: Date;
}

/** What the anchors of every dropped partition tell a chain walk. */
export interface AnchorSummary {
  /** Links dropped, over all anchors. */
  dropped: number;
  /** chain_seq → row_hash of each dropped link whose successor was not dropped with it. */
  edges: Map<number, string>;
  /** The newest dropped link (the chain continues from it when every sealed row was dropped). */
  head: ChainHead | undefined;
}

export interface AccessLogAnchorStore {
  /**
   * Records the anchor of a partition in the caller's transaction, before it is dropped: its row
   * count, chain range and edge links. False (nothing written) while any of its rows is unsealed.
   */
  anchor(tx: DbOrTrx, range: DroppedRange, at: Date): Promise<boolean>;
  summary(db: DbOrTrx): Promise<AnchorSummary>;
}

const PARTITION = /^consent_access_log_p\d{6}$/;

export const accessLogAnchorStore: AccessLogAnchorStore = {
  async anchor(tx, range, at) {
    if (!PARTITION.test(range.name)) throw new Error(`not an access-log partition: ${range.name}`);
    const stats = (
      await tx.raw(
        `select count(*) as n, count(*) filter (where chain_seq is null) as unsealed, min(chain_seq) as first, max(chain_seq) as last from ${range.name}`,
      )
    ).rows[0] as { n: string | number; unsealed: string | number; first: string | number | null; last: string | number | null };
    if (Number(stats.unsealed) > 0) return false;
    const edges = (
      await tx.raw(
        `select d.chain_seq as seq, d.row_hash as hash from ${range.name} d
          where not exists (select 1 from ${range.name} n where n.chain_seq = d.chain_seq + 1)
          order by d.chain_seq`,
      )
    ).rows as { seq: string | number; hash: string }[];
    await tx('consent_access_log_anchors').insert({
      partition_name: range.name,
      range_from: range.from,
      range_to: range.to,
      row_count: Number(stats.n),
      first_seq: stats.first === null ? null : Number(stats.first),
      last_seq: stats.last === null ? null : Number(stats.last),
      edges: JSON.stringify(edges.map((e) => ({ seq: Number(e.seq), hash: e.hash }))),
      anchored_at: at,
    });
    return true;
  },

  async summary(db) {
    const rows = (await db('consent_access_log_anchors').select('row_count', 'last_seq', 'edges')) as {
      row_count: string | number;
      last_seq: string | number | null;
      edges: { seq: number; hash: string }[];
    }[];
    const edges = new Map<number, string>();
    let dropped = 0;
    let last: number | null = null;
    for (const row of rows) {
      dropped += Number(row.row_count);
      for (const e of row.edges) edges.set(e.seq, e.hash);
      if (row.last_seq !== null && (last === null || Number(row.last_seq) > last)) last = Number(row.last_seq);
    }
    const head = last === null ? undefined : { chainSeq: last, rowHash: edges.get(last)! };
    return { dropped, edges, head };
  },
};
