import { describe, expect, it, vi } from 'vitest';
import { makeUscc } from '../../demo/demo-city.js';
import type { StagedRecord } from '../format-version.js';
import type { UploadRow } from '../readers/raw-row.js';
import { registeredOnly } from './register-gate.js';

const registered = [makeUscc('91', '420202', '10000001'), makeUscc('91', '420202', '10000002')];
const stranger = makeUscc('91', '420202', '10000003');

/** A row staged from its cells (uscc, name), as the CSV reader hands on a row its format vouched for. */
const stagedRow = (rowNumber: number, uscc: string): UploadRow => ({
  rowNumber,
  staged: { recordKey: uscc, uscc, businessDate: null, publicityEnd: null, decisionDate: null, payload: { uscc, name: '甲公司' } } satisfies StagedRecord,
  names: ['uscc', undefined, 'name'],
  cells: [` ${uscc}`, 'ignored', '甲公司 '],
});

async function gate(chunks: (string | UploadRow)[][]) {
  const asked: string[][] = [];
  const existing = async (usccs: readonly string[]) => {
    asked.push([...usccs]);
    return new Set(usccs.filter((u) => registered.includes(u)));
  };
  let rowNumber = 1;
  async function* rows(): AsyncGenerator<UploadRow[]> {
    for (const chunk of chunks) yield chunk.map((row) => (typeof row === 'string' ? { rowNumber: ++rowNumber, values: { uscc: row } } : row));
  }
  const out: UploadRow[] = [];
  for await (const batch of registeredOnly(rows(), existing)) out.push(...batch);
  return { asked, out };
}

describe('register gate', () => {
  it('asks for a registered USCC once per batch, an unregistered one again unless the group before asks it, and rejects only the latter', async () => {
    const chunk = [...Array.from({ length: 500 }, (_, i) => registered[i % 2]!), stranger];
    // Three groups of two chunks: the second's USCCs are all asked by the first, the third asks the stranger again.
    const { asked, out } = await gate([chunk, chunk, chunk, chunk, chunk, chunk]);
    expect(asked).toEqual([[registered[0], registered[1], stranger].sort(), [stranger]].map((a) => expect.arrayContaining(a)));
    expect(asked.map((a) => a.length)).toEqual([3, 1]);
    expect(out).toHaveLength(3_006);
    expect(out.map((r) => r.rowNumber)).toEqual(Array.from({ length: 3_006 }, (_, i) => i + 2));
    expect(out.filter((r) => 'error' in r).map((r) => ('error' in r ? r.error.code : ''))).toEqual(Array.from({ length: 6 }, () => 'UNREGISTERED_USCC'));
  });

  it("reads the next group while the register answers the last, and hands groups on in order", async () => {
    const other = makeUscc('91', '420202', '10000004');
    const answers: ((found: Set<string>) => void)[] = [];
    const asked: string[][] = [];
    const existing = (usccs: readonly string[]) => {
      asked.push([...usccs]);
      return new Promise<Set<string>>((resolve) => answers.push(resolve));
    };
    let read = 0;
    async function* rows(): AsyncGenerator<UploadRow[]> {
      for (const uscc of [registered[0]!, other, registered[1]!]) {
        read++;
        yield Array.from({ length: 1_000 }, (_, i) => ({ rowNumber: read * 1_000 + i, values: { uscc } }));
      }
    }
    const out: UploadRow[] = [];
    const done = (async () => {
      for await (const batch of registeredOnly(rows(), existing)) out.push(...batch);
    })();
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    // The second group was read and asked before the first was answered.
    expect(out).toHaveLength(0);
    answers[1]!(new Set());
    answers[0]!(new Set([registered[0]!]));
    await vi.waitFor(() => expect(asked).toHaveLength(3));
    answers[2]!(new Set([registered[1]!]));
    await done;
    expect(out.map((r) => ('error' in r ? r.error.code : 'ok'))).toEqual([
      ...Array.from({ length: 1_000 }, () => 'ok'), ...Array.from({ length: 1_000 }, () => 'UNREGISTERED_USCC'), ...Array.from({ length: 1_000 }, () => 'ok'),
    ]);
    expect(out.map((r) => r.rowNumber)).toEqual(Array.from({ length: 3_000 }, (_, i) => 1_000 + i));
  });

  it('leaves no unhandled rejection behind when the reader stops with a lookup under way that then fails', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let calls = 0;
      const existing = async (usccs: readonly string[]) => {
        if (++calls > 1) throw new Error('register unavailable');
        return new Set(usccs);
      };
      async function* rows(): AsyncGenerator<UploadRow[]> {
        for (let g = 0; g < 3; g++) yield Array.from({ length: 1_000 }, (_, i) => ({ rowNumber: g * 1_000 + i, values: { uscc: registered[g % 2]! } }));
      }
      // The ingestion stops reading when writing a chunk fails: here, after the first group.
      for await (const batch of registeredOnly(rows(), existing)) {
        expect(batch).toHaveLength(1_000);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls).toBe(2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it("looks up a staged row by its record's USCC and refuses it with the values its cells give", async () => {
    const { asked, out } = await gate([[stagedRow(2, registered[0]!), stagedRow(3, stranger), registered[0]!]]);
    expect(asked).toEqual([[registered[0], stranger].sort()].map((a) => expect.arrayContaining(a)));
    expect(out[0]).toHaveProperty('staged');
    expect(out[1]).toEqual({
      rowNumber: 3,
      values: { uscc: stranger, name: '甲公司' },
      error: { field: 'uscc', code: 'UNREGISTERED_USCC', message: `统一社会信用代码“${stranger}”不在本市市场主体登记信息中` },
    });
    expect(out[2]).not.toHaveProperty('error');
  });
});
