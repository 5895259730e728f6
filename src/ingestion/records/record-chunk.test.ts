import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../demo/demo-city.js';
import type { RecordRow } from './credit-record.js';
import { CopyChunk } from './copy-chunk.js';
import { lastPerKey, RowsChunk } from './record-chunk.js';

const A = makeUscc('91', '420202', '10000001');
const row = (recordKey: string, amountPaid: string, uscc = A): RecordRow => ({
  recordKey, uscc, payload: { amountPaid }, businessDate: null, publicityEnd: null, publishedOnTime: null,
});

describe('lastPerKey', () => {
  it('sorts a chunk by key and keeps the last row sent for a key', () => {
    const rows = [row('c', '1'), row('a', '1'), row('c', '2'), row('b', '1'), row('a', '2'), row('c', '3')];
    expect(lastPerKey(rows).map((r) => [r.recordKey, r.payload.amountPaid])).toEqual([['a', '2'], ['b', '1'], ['c', '3']]);
  });

  it('leaves rows already in key order as they are', () => {
    const rows = ['a', 'b', 'c'].map((k) => row(k, '1'));
    expect(lastPerKey([...rows])).toEqual(rows);
    expect(lastPerKey([])).toEqual([]);
  });
});

describe('a chunk written as COPY text', () => {
  const lineOf = (r: RecordRow) => `${r.recordKey}\t${String(r.payload.amountPaid)}\n`;
  /** What the rows chunk stores, written out the same way. */
  const reference = (rows: RecordRow[]) => {
    const chunk = new RowsChunk();
    for (const r of rows) chunk.add(r);
    const kept = chunk.rows();
    return { text: kept.map(lineOf).join(''), usccs: kept.map((r) => r.uscc), rows: kept.length };
  };
  const copied = (rows: RecordRow[]) => {
    const chunk = new CopyChunk(lineOf);
    for (const r of rows) chunk.add(r);
    expect(chunk.size).toBe(rows.length);
    const { text, usccs, rows: count } = chunk.lines();
    return { text: text.toString('utf8'), usccs, rows: count };
  };

  it('holds the last row per key in key order, with their USCCs, as a rows chunk does', () => {
    const B = makeUscc('91', '420202', '10000002');
    const rows = [row('c', '1'), row('a', '1', B), row('c', '2', B), row('b', '1'), row('a', '2'), row('c', '3')];
    expect(copied(rows)).toEqual(reference(rows));
    expect(copied(rows).text).toBe('a\t2\nb\t1\nc\t3\n');
  });

  it('keeps rows already in key order as they came, and an empty chunk empty', () => {
    const rows = ['a', 'b', 'c'].map((k) => row(k, '1'));
    expect(copied(rows)).toEqual(reference(rows));
    expect(copied([])).toEqual({ text: '', usccs: [], rows: 0 });
  });

  it('grows past its first buffer with text of every width', () => {
    // Keys in an order that needs the sort; values of one, two and three UTF-8 bytes per code unit and a surrogate pair.
    const rows = Array.from({ length: 4_000 }, (_, i) => row(`k${(i * 7919) % 4_000}`, `${'金额'.repeat(i % 50)}é${'x'.repeat(i % 13)}😀`));
    rows.push(row('k17', '重发'));
    const got = copied(rows);
    expect(Buffer.byteLength(got.text)).toBeGreaterThan(256 * 1024);
    expect(got).toEqual(reference(rows));
  });
});
