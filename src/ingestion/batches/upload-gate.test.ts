import { describe, expect, it } from 'vitest';
import { UploadGate } from './upload-gate.js';

describe('UploadGate', () => {
  it('lets maxActive uploads in, queues maxQueued, and answers the rest busy with a retry time', async () => {
    const gate = new UploadGate({ maxActive: 2, maxQueued: 1, waitMs: 5_000 });
    const [a, b] = await Promise.all([gate.acquire(), gate.acquire()]);
    const queued = gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ kind: 'unavailable', code: 'UPLOADS_BUSY', extensions: { retryAfterSeconds: 15 } });
    a();
    a();
    const c = await queued;
    b();
    c();
    const again = await Promise.all([gate.acquire(), gate.acquire()]);
    again.forEach((release) => release());
  });

  it('answers busy when the wait for a place is too long, and the place is not lost', async () => {
    const gate = new UploadGate({ maxActive: 1, maxQueued: 5, waitMs: 20 });
    const held = await gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ code: 'UPLOADS_BUSY' });
    held();
    (await gate.acquire())();
  });
});
