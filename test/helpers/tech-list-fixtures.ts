import { expect } from 'vitest';
import type { TestPlatform } from './test-platform.js';

export interface TechListingRow {
  uscc: string;
  list: string;
  listedOn: string;
  expiresOn?: string;
  authority: string;
  certificateNo?: string;
}

/** 科技企业名单 rows delivered as the demo's list department does: through the ingestion API. */
export async function deliverTechListings(platform: Pick<TestPlatform, 'api' | 'login'>, rows: readonly TechListingRow[]): Promise<{ id: string }> {
  const res = await platform.api('/api/v1/ingestion/tech_lists/records?formatVersion=1', {
    token: await platform.login('credit_feed'),
    body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    headers: { 'content-type': 'application/x-ndjson' },
  });
  const report = (await res.json()) as { id: string; rowsAccepted: number; rowsRejected: number };
  expect(res.status).toBe(201);
  expect(report).toMatchObject({ rowsAccepted: rows.length, rowsRejected: 0 });
  return report;
}
