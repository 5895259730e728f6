import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { limitBytes } from './byte-limit.js';

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

describe('limitBytes', () => {
  it('passes a body within the limit through unchanged', async () => {
    expect(await drain(limitBytes(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 20))).toBe(20);
  });

  it('fails with UPLOAD_TOO_LARGE past the limit', async () => {
    await expect(drain(limitBytes(Readable.from([Buffer.alloc(10), Buffer.alloc(11)]), 20))).rejects.toMatchObject({ kind: 'payload_too_large', code: 'UPLOAD_TOO_LARGE' });
  });

  it('fails when the source fails (client gone) instead of waiting forever', async () => {
    const source = new Readable({ read() {} });
    const limited = limitBytes(source, 100);
    setTimeout(() => source.destroy(new Error('aborted')), 5);
    await expect(drain(limited)).rejects.toThrow();
  });
});
