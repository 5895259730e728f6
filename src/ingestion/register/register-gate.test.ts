import { describe, expect, it } from 'vitest';
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
  it('asks for a registered USCC once per batch, an unregistered one every time, and rejects only the latter', async () => {
    const chunk = [...Array.from({ length: 500 }, (_, i) => registered[i % 2]!), stranger];
    const { asked, out } = await gate([chunk, chunk, chunk, chunk]);
    expect(asked).toEqual([[registered[0], registered[1], stranger].sort(), [stranger]].map((a) => expect.arrayContaining(a)));
    expect(asked.map((a) => a.length)).toEqual([3, 1]);
    expect(out).toHaveLength(2_004);
    expect(out.filter((r) => 'error' in r).map((r) => ('error' in r ? r.error.code : ''))).toEqual(['UNREGISTERED_USCC', 'UNREGISTERED_USCC', 'UNREGISTERED_USCC', 'UNREGISTERED_USCC']);
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
