import { describe, expect, it } from 'vitest';
import { buildLinks, checkLinks, GENESIS_HASH } from './access-log-chain.js';
import type { ChainRow } from './access-log-store.js';

const row = (id: number): ChainRow => ({
  id,
  grantId: 'g1',
  enterpriseId: 'e1',
  institutionId: 'i1',
  userId: 'u1',
  clientId: null,
  scopes: ['register'],
  purpose: 'loan_application',
  requestId: `req-${id}`,
  accessedAt: new Date(Date.UTC(2026, 10, 25, 2, 0, id)),
  chainSeq: null,
  prevHash: null,
  rowHash: null,
});

const sealed = (rows: ChainRow[]) => {
  const links = buildLinks(undefined, rows);
  return rows.map((r, i) => ({ ...r, chainSeq: links[i]!.chainSeq, prevHash: links[i]!.prevHash, rowHash: links[i]!.rowHash }));
};

describe('access-log hash chain', () => {
  it('links each row to the previous hash, starting from the genesis hash', () => {
    const links = buildLinks(undefined, [row(1), row(2)]);
    expect(links[0]).toMatchObject({ chainSeq: 1, prevHash: GENESIS_HASH });
    expect(links[1]!.prevHash).toBe(links[0]!.rowHash);
    expect(links[1]!.rowHash).toMatch(/^[0-9a-f]{64}$/);
    const more = buildLinks({ chainSeq: 2, rowHash: links[1]!.rowHash }, [row(3)]);
    expect(more[0]).toMatchObject({ chainSeq: 3, prevHash: links[1]!.rowHash });
  });

  it('accepts an intact chain and finds a changed, removed or reordered row', () => {
    const rows = sealed([row(1), row(2), row(3)]);
    const start = { seq: 0, prev: GENESIS_HASH, checked: 0, skipped: 0 };
    expect(checkLinks(start, rows).ok).toBe(true);
    expect(checkLinks(start, [rows[0]!, { ...rows[1]!, scopes: ['register', 'tax'] }, rows[2]!])).toEqual({ ok: false, brokenAtSeq: 2 });
    expect(checkLinks(start, [rows[0]!, rows[2]!])).toEqual({ ok: false, brokenAtSeq: 2 });
    expect(checkLinks(start, [rows[1]!, rows[0]!, rows[2]!])).toEqual({ ok: false, brokenAtSeq: 1 });
  });

  it('passes over links dropped by retention only where an anchor says what the kept link points back to', () => {
    const rows = sealed([row(1), row(2), row(3), row(4)]);
    const start = { seq: 0, prev: GENESIS_HASH, checked: 0, skipped: 0 };
    const edges = new Map([[2, rows[1]!.rowHash!]]);
    expect(checkLinks(start, [rows[2]!, rows[3]!], edges)).toEqual({
      ok: true,
      state: { seq: 4, prev: rows[3]!.rowHash, checked: 2, skipped: 2 },
    });
    expect(checkLinks(start, [rows[3]!], edges)).toEqual({ ok: false, brokenAtSeq: 1 });
    expect(checkLinks(start, [rows[2]!, { ...rows[3]!, requestId: 'other' }], edges)).toEqual({ ok: false, brokenAtSeq: 4 });
    expect(checkLinks(start, [rows[2]!, rows[2]!], edges)).toEqual({ ok: false, brokenAtSeq: 4 });
  });
});
