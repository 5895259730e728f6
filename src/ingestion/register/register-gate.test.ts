import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../demo/demo-city.js';
import type { RawRow } from '../readers/raw-row.js';
import { registeredOnly } from './register-gate.js';

const registered = [makeUscc('91', '420202', '10000001'), makeUscc('91', '420202', '10000002')];
const stranger = makeUscc('91', '420202', '10000003');

async function gate(chunks: string[][]) {
  const asked: string[][] = [];
  const existing = async (usccs: readonly string[]) => {
    asked.push([...usccs]);
    return new Set(usccs.filter((u) => registered.includes(u)));
  };
  let rowNumber = 1;
  async function* rows(): AsyncGenerator<RawRow[]> {
    for (const chunk of chunks) yield chunk.map((uscc) => ({ rowNumber: ++rowNumber, values: { uscc } }));
  }
  const out: RawRow[] = [];
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
});
