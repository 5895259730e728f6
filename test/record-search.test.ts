import { describe, expect, it } from 'vitest';
import { admin, authority, feed, nextNumber, otherFeed, platform, SAMPLES, sendAs, startIngestionPlatform, take } from './helpers/ingestion-platform.js';

startIngestionPlatform();

interface Found {
  items: { category: string; categoryLabel: string; recordKey: string; uscc: string; status: string; provenance: { sourceName: string | null; batchId: string } }[];
  limit: number;
  truncated: boolean;
}

const search = async (token: string, query: string) => {
  const res = await platform.api(`/api/v1/ingestion/records?${query}`, { token });
  return { status: res.status, body: (await res.json()) as Found & { errors?: { field: string }[] } };
};

describe('a department finds its records of an enterprise', () => {
  it('lists its own current records, not another department\'s; an operator sees every source', async () => {
    const uscc = take();
    const penalty = SAMPLES.penalties!(uscc, nextNumber());
    expect((await sendAs('penalties', [penalty])).status).toBe(201);
    expect((await sendAs('tax_payments', [SAMPLES.tax_payments!(uscc, nextNumber())], otherFeed)).status).toBe(201);
    const penaltyKey = `${authority.uscc}|${String(penalty.decisionDocNo)}`;

    const own = await search(feed, `uscc=${uscc}`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((r) => [r.category, r.recordKey, r.status])).toEqual([['penalties', penaltyKey, 'active']]);
    expect(own.body.items[0]!.categoryLabel).toMatch(/[\u4e00-\u9fa5]/);
    expect(own.body).toMatchObject({ limit: 200, truncated: false });

    const other = await search(otherFeed, `uscc=${uscc}`);
    expect(other.body.items.map((r) => r.category)).toEqual(['tax_payments']);
    expect((await search(otherFeed, `uscc=${uscc}&category=penalties`)).body.items).toEqual([]);

    const all = await search(admin, `uscc=${uscc}`);
    expect(all.body.items.map((r) => r.category).sort()).toEqual(['penalties', 'tax_payments']);

    // After a notice the record is still listed, with its new status.
    const notice = { category: 'penalties', recordKey: penaltyKey, kind: 'repair', noticeNo: '鄂信修〔2026〕7号', reason: '已履行并完成信用修复' };
    expect((await platform.api('/api/v1/ingestion/notices', { token: feed, body: notice })).status).toBe(201);
    expect((await search(feed, `uscc=${uscc}&category=penalties`)).body.items.map((r) => r.status)).toEqual(['repaired']);
  });

  it('refuses a mistyped credit code, naming the field', async () => {
    const bad = await search(feed, 'uscc=91420200ABC');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toContain('uscc');
    expect((await search(feed, '')).status).toBe(400);
  });

  it('refuses an unknown category', async () => {
    expect((await search(feed, `uscc=${take()}&category=nope`)).status).toBe(404);
  });
});
