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

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; brokenAtSeq: number };

/** Re-walks sealed rows (in chain order, continuing from `state`) and reports the first broken link. */
export function checkLinks(
  state: { seq: number; prev: string },
  rows: readonly ChainRow[],
): { ok: true; state: { seq: number; prev: string } } | { ok: false; brokenAtSeq: number } {
  let { seq, prev } = state;
  for (const row of rows) {
    seq += 1;
    if (row.chainSeq !== seq || row.prevHash !== prev || row.rowHash !== linkHash(prev, row, seq)) {
      return { ok: false, brokenAtSeq: seq };
    }
    prev = row.rowHash;
  }
  return { ok: true, state: { seq, prev } };
}
