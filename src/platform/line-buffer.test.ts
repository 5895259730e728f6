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
