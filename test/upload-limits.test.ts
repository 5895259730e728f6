import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { sharedStringsBomb } from './helpers/xlsx-bomb.js';

let platform: TestPlatform;
let token: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.login('tax_feed');
});
afterAll(() => platform?.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(body: Buffer | string, type: string) {
  const res = await fetch(`${platform.url}/api/v1/ingestion/tax_payments/files?formatVersion=1`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

describe('upload bombs', () => {
  it('answers four concurrent XLSX files whose shared strings expand to about 1 GB each with a clear 4xx, and stays alive', async () => {
    // Two declare their size (refused before inflating); two claim 100 MB and are stopped while inflating.
    const honest = sharedStringsBomb(1_000);
    const lying = sharedStringsBomb(1_000, 100);
    expect(honest.length).toBeLessThan(3 * 1_048_576);
    let peakHeap = 0;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
    const answers = await Promise.all([honest, lying, honest, lying].map((file) => upload(file, XLSX))).finally(() => clearInterval(sampler));
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body.code).toMatch(/^XLSX_(PART_TOO_LARGE|TOO_MANY_SHARED_STRINGS|SHARED_STRINGS_TOO_LARGE)$/);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    }
    expect(peakHeap).toBeLessThan(1_024 * 1_048_576);
    const batches = await platform.database.knex('ingestion_batches').whereIn('id', answers.map((a) => a.body.batchId as string)).pluck('status');
    expect(batches).toEqual(['failed', 'failed', 'failed', 'failed']);

    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
    const uscc = (await platform.database.knex('market_entities').first('uscc')).uscc as string;
    const ok = await upload(`uscc,period,taxType,amountPaid\n${uscc},2026-06,增值税,1.00\n`, 'text/csv');
    expect(ok).toMatchObject({ status: 201, body: { status: 'completed', rowsAccepted: 1 } });
  });

  it('refuses a cell longer than Excel allows while streaming, naming the limit', async () => {
    const long = `uscc,period,taxType,amountPaid\n"${'税'.repeat(40_000)}",2026-06,增值税,1.00\n`;
    const { status, body } = await upload(long, 'text/csv');
    expect(status).toBe(201);
    expect(body.rejections).toEqual([expect.objectContaining({ rowNumber: 2, code: 'CELL_TOO_LONG', field: 'uscc' })]);
  });

  it('refuses a header with more columns than any format has', async () => {
    const { status, body } = await upload(`${Array.from({ length: 300 }, (_, i) => `c${i}`).join(',')}\n`, 'text/csv');
    expect(status).toBe(413);
    expect(body).toMatchObject({ code: 'TOO_MANY_COLUMNS', errors: [{ field: 'header' }] });
  });
});

describe('concurrent uploads', () => {
  it('answers 503 with Retry-After when more uploads arrive than may run and wait', async () => {
    const gate = platform.services.uploadGate;
    // The default: two uploads read at once, eight waiting.
    const running = await Promise.all([gate.acquire(), gate.acquire()]);
    const queued = Array.from({ length: 8 }, () => gate.acquire());
    try {
      const res = await upload('uscc,period,taxType,amountPaid\n', 'text/csv');
      expect(res.status).toBe(503);
      expect(res.retryAfter).toBe('15');
      expect(res.body).toMatchObject({ code: 'UPLOADS_BUSY' });
    } finally {
      running.forEach((release) => release());
      for (const waiting of queued) (await waiting)();
    }
  });
});
