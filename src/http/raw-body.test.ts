import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../platform/errors.js';
import { HeldBodyBytes, readRawBytes } from './raw-body.js';

const body = (...chunks: number[]) => Readable.from(chunks.map((n) => Buffer.alloc(n, 1))) as unknown as IncomingMessage;

describe('readRawBytes', () => {
  it('refuses a body over its own limit with 413', async () => {
    const error = await readRawBytes(body(600, 600), 1_000, 'client-a', new HeldBodyBytes(10_000)).catch((e: unknown) => e as DomainError);
    expect(error).toMatchObject({ kind: 'payload_too_large', code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses with 503 and Retry-After a chunk that would take the bytes held by every read past the budget', async () => {
    const budget = new HeldBodyBytes(1_000);
    const slow = new PassThrough();
    const first = readRawBytes(slow as unknown as IncomingMessage, 5_000, 'client-a', budget);
    slow.write(Buffer.alloc(700));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.bytes).toBe(700);
    const second = await readRawBytes(body(200, 200), 5_000, 'client-b', budget).catch((e: unknown) => e as DomainError);
    expect(second).toMatchObject({ kind: 'unavailable', code: 'UPLOADS_BUSY', extensions: { retryAfterSeconds: 5 } });
    expect(budget.bytes).toBe(700);
    slow.end(Buffer.alloc(100));
    expect((await first).length).toBe(800);
    expect(budget.bytes).toBe(0);
    expect((await readRawBytes(body(400, 400), 5_000, 'client-b', budget)).length).toBe(800);
  });

  it("holds at most a sender's share of the budget for one sender; others still have room", async () => {
    const budget = new HeldBodyBytes(1_000, 600);
    const slow = new PassThrough();
    const first = readRawBytes(slow as unknown as IncomingMessage, 5_000, 'client-a', budget);
    slow.write(Buffer.alloc(500));
    await new Promise((resolve) => setImmediate(resolve));
    // Before, one sender could hold the whole budget: its second read was let through here.
    const again = await readRawBytes(body(200), 5_000, 'client-a', budget).catch((e: unknown) => e as DomainError);
    expect(again).toMatchObject({ kind: 'unavailable', code: 'UPLOADS_BUSY' });
    expect((await readRawBytes(body(200, 200), 5_000, 'client-b', budget)).length).toBe(400);
    slow.end();
    expect((await first).length).toBe(500);
    expect(budget.bytes).toBe(0);
    expect((await readRawBytes(body(300, 300), 5_000, 'client-a', budget)).length).toBe(600);
  });

  it('gives the bytes back when the sender breaks off', async () => {
    const budget = new HeldBodyBytes(1_000);
    const broken = new PassThrough();
    const read = readRawBytes(broken as unknown as IncomingMessage, 5_000, 'client-a', budget).catch((e: unknown) => e);
    broken.write(Buffer.alloc(300));
    await new Promise((resolve) => setImmediate(resolve));
    broken.destroy(new Error('aborted'));
    await read;
    expect(budget.bytes).toBe(0);
  });
});
