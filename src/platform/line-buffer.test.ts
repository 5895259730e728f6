import { describe, expect, it } from 'vitest';
import { LineBuffer } from './line-buffer.js';

describe('LineBuffer', () => {
  it('gives the bytes of the joined text, across growth, for ASCII, Chinese, astral and lone surrogate characters', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `${i}\t近12个月纳税额同比下降${i % 100}%\t😀${i % 7 === 0 ? '\ud800' : ''}\t"q"\\\n`);
    const writer = new LineBuffer(16);
    for (const line of lines) writer.add(line);
    const expected = Buffer.from(lines.join(''));
    expect(writer.length).toBe(expected.length);
    expect(writer.take().equals(expected)).toBe(true);
  });

  it('starts empty after take, and what was taken is not overwritten', () => {
    const writer = new LineBuffer(8);
    writer.add('第一行\n');
    const first = writer.take();
    expect(writer.length).toBe(0);
    writer.add('second\n');
    expect(first.toString('utf8')).toBe('第一行\n');
    expect(writer.take().toString('utf8')).toBe('second\n');
  });
});

describe('LineBuffer.addIntArray', () => {
  it('writes the same bytes as the array literal built as a string, across growth', () => {
    const arrays = [
      new Int32Array([]),
      new Int32Array([0]),
      new Int32Array([-1, 0, 1, 9, 10, -10, 99, 100, -101]),
      new Int32Array([2147483647, -2147483648, 1000000000, -999999999]),
      ...Array.from({ length: 500 }, (_, i) => Int32Array.from({ length: 15 }, (_, j) => ((i * 7919 + j * 104729) % 2001) - 1000)),
    ];
    const writer = new LineBuffer(4);
    let expected = '';
    for (const values of arrays) {
      writer.addIntArray(values);
      writer.addAscii(0x09);
      expected += `{${Array.from(values).join(',')}}\t`;
    }
    expect(writer.take().toString('latin1')).toBe(expected);
  });
});
