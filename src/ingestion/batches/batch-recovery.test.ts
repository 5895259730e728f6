import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { markStaleInParts, type StaleMarker } from './batch-recovery.js';

const usccs = (n: number) => Array.from({ length: n }, (_, i) => `91420202${String(i).padStart(10, '0')}`);

/** Transactions that log their begin, marks and end, and wait for each other at their first mark so both are open at once. */
function fakes(options: { failIn?: number; parts: number }) {
  const log: string[] = [];
  const marked = new Map<number, string[][]>();
  let opened = 0;
  let bothOpen: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (bothOpen = resolve));
  const transaction: TransactionRunner = async (work) => {
    const n = ++opened;
    log.push(`begin ${n}`);
    if (opened === options.parts) bothOpen();
    try {
      const result = await work({ n } as unknown as DbOrTrx);
      log.push(`commit ${n}`);
      return result;
    } catch (error) {
      log.push(`rollback ${n}`);
      throw error;
    }
  };
  const profiles: StaleMarker = {
    async markStale(tx, list) {
      const n = (tx as unknown as { n: number }).n;
      await gate;
      if (n === options.failIn) throw new Error(`mark failed in ${n}`);
      marked.set(n, [...(marked.get(n) ?? []), [...list]]);
    },
    rebuildDueInBackground: () => undefined,
  };
  return { log, marked, transaction, profiles };
}

describe('markStaleInParts', () => {
  it('marks disjoint ascending ranges in concurrent transactions, each in sorted slices, every USCC once', async () => {
    const all = usccs(25_000);
    const { log, marked, transaction, profiles } = fakes({ parts: 2 });
    await markStaleInParts(profiles, transaction, [...all].reverse(), 2);
    // Both transactions were open before either committed.
    expect(log.slice(0, 2)).toEqual(['begin 1', 'begin 2']);
    const first = marked.get(1)!.flat();
    const second = marked.get(2)!.flat();
    expect(marked.get(1)!.map((slice) => slice.length)).toEqual([10_000, 2_500]);
    expect([...first, ...second]).toEqual(all);
    expect(first.at(-1)! < second[0]!).toBe(true);
  });

  it('keeps a batch of up to one slice in one transaction', async () => {
    const { log, transaction, profiles } = fakes({ parts: 1 });
    await markStaleInParts(profiles, transaction, usccs(3), 2);
    expect(log).toEqual(['begin 1', 'commit 1']);
  });

  it('lets every part end before it fails with the first error', async () => {
    const { log, transaction, profiles } = fakes({ parts: 2, failIn: 1 });
    await expect(markStaleInParts(profiles, transaction, usccs(25_000), 2)).rejects.toThrow('mark failed in 1');
    expect([...log].sort()).toEqual(['begin 1', 'begin 2', 'commit 2', 'rollback 1']);
  });
});
