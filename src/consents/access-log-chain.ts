import canonicalize from 'canonicalize';
import { sm3Hex } from '../platform/national-crypto.js';
import type { ChainRow } from './access-log-store.js';

/**
 * The access log's SM3 hash chain (docs/architecture.md, rule 8). Rows are appended by the gate statement
 * and sealed afterwards, in seal order: link n covers the row's content and link n-1's hash, so
 * changing, removing or reordering a sealed row breaks every later link.
 */
export const GENESIS_HASH = '0'.repeat(64);

export function linkHash(prevHash: string, row: ChainRow, chainSeq: number): string {
  const content = canonicalize({
    chainSeq,
    id: row.id,
    grantId: row.grantId,
    enterpriseId: row.enterpriseId,
    institutionId: row.institutionId,
    userId: row.userId,
    clientId: row.clientId,
    scopes: row.scopes,
    purpose: row.purpose,
    requestId: row.requestId,
    accessedAt: row.accessedAt.toISOString(),
  });
  return sm3Hex(`${prevHash}\n${content}`);
}

export interface ChainLink {
  id: number;
  chainSeq: number;
  prevHash: string;
  rowHash: string;
}

/** Links for `rows` (in the order given) after `head`. */
export function buildLinks(head: { chainSeq: number; rowHash: string } | undefined, rows: readonly ChainRow[]): ChainLink[] {
  let seq = head?.chainSeq ?? 0;
  let prev = head?.rowHash ?? GENESIS_HASH;
  return rows.map((row) => {
    seq += 1;
    const rowHash = linkHash(prev, row, seq);
    const link = { id: row.id, chainSeq: seq, prevHash: prev, rowHash };
    prev = rowHash;
    return link;
  });
}

export type ChainCheck =
  | { ok: true; checked: number; anchored: number }
  | { ok: false; checked: number; anchored: number; brokenAtSeq: number };

/** Where a walk stands: the last link seen, links checked, and links passed over as dropped by retention. */
export interface ChainState {
  seq: number;
  prev: string;
  checked: number;
  skipped: number;
}

/**
 * Re-walks sealed rows (in chain order, continuing from `state`) and reports the first broken
 * link. A gap in `chain_seq` is allowed only where retention dropped links: `anchoredEdges` holds
 * the hash of each dropped link whose successor was kept, and the successor must point back to
 * it. The caller compares the links passed over with the anchors' count, so a row removed out of
 * turn (no anchor) or an anchor that hides more than it dropped still fails.
 */
export function checkLinks(
  state: ChainState,
  rows: readonly ChainRow[],
  anchoredEdges: ReadonlyMap<number, string> = new Map(),
): { ok: true; state: ChainState } | { ok: false; brokenAtSeq: number } {
  let { seq, prev, checked, skipped } = state;
  for (const row of rows) {
    const at = row.chainSeq;
    if (at === null || at <= seq) return { ok: false, brokenAtSeq: seq + 1 };
    if (at > seq + 1) {
      const edge = anchoredEdges.get(at - 1);
      if (edge === undefined) return { ok: false, brokenAtSeq: seq + 1 };
      skipped += at - seq - 1;
      prev = edge;
    }
    if (row.prevHash !== prev || row.rowHash !== linkHash(prev, row, at)) return { ok: false, brokenAtSeq: at };
    seq = at;
    prev = row.rowHash;
    checked += 1;
  }
  return { ok: true, state: { seq, prev, checked, skipped } };
}
