import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../platform/seeded-random.js';
import { cutCharacter, textBody } from './text-encoding.js';

/** The body as `textBody` passes it on, or the code of the error it fails with. */
async function through(bytes: Buffer, cuts: number[], charset?: string): Promise<Buffer | string> {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(at, cut));
    at = cut;
  }
  const out: Buffer[] = [];
  try {
    for await (const chunk of textBody(Readable.from(chunks), charset)) out.push(chunk as Buffer);
  } catch (error) {
    return (error as { code: string }).code;
  }
  return Buffer.concat(out);
}

const validByDecoder = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const randomCuts = (random: SeededRandom, length: number) =>
  Array.from({ length: Math.floor(random.next() * 8) }, () => Math.floor(random.next() * (length + 1))).sort((a, b) => a - b);

describe('UTF-8 text bodies', () => {
  const text = 'uscc,名称,金额\n91420202MA4KXXXX0X,黄石市🎉东楚科技有限公司,1.00\n'.repeat(3);

  it('passes valid UTF-8 through unchanged, however the chunks cut its characters', async () => {
    const random = new SeededRandom(5);
    const bytes = Buffer.from(text);
    for (let i = 0; i < 200; i++) {
      expect(await through(bytes, randomCuts(random, bytes.length), i % 2 ? 'utf-8' : undefined)).toEqual(bytes);
    }
  });

  it('refuses what a strict UTF-8 decoder refuses, wherever the chunks are cut', async () => {
    const random = new SeededRandom(6);
    // A stray continuation byte, a lead byte without its continuation, an overlong NUL, a surrogate, a byte never used, a character cut at the end.
    const damage = [[0x80], [0xe4, 0x41], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe9, 0xbb]];
    for (let i = 0; i < 120; i++) {
      const good = Buffer.from(text);
      const at = i % damage.length === 5 ? good.length : Math.floor(random.next() * good.length);
      // Cut only between characters, so the damage is the only invalid sequence.
      const start = at === good.length ? at : at - cutCharacter(good.subarray(0, at));
      const bytes = Buffer.concat([good.subarray(0, start), Buffer.from(damage[i % damage.length]!), good.subarray(start)]);
      expect(validByDecoder(bytes)).toBe(false);
      expect(await through(bytes, randomCuts(random, bytes.length), 'utf-8')).toBe('INVALID_ENCODING');
    }
  });

  it('counts the bytes of a character cut off at a chunk end', () => {
    const bytes = Buffer.from('a黄🎉');
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => cutCharacter(bytes.subarray(0, n)))).toEqual([0, 1, 2, 0, 1, 2, 3, 0]);
  });
});
