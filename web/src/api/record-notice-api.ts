import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 信用修复 / 撤销 (`/api/v1/ingestion/records`, `/api/v1/ingestion/notices`) for data-source departments. */
export type FoundRecord = Schemas['RecordSearchResult']['items'][number];

export function searchRecords(uscc: string, category: string | undefined): Promise<Schemas['RecordSearchResult']> {
  return unwrap(api.GET('/api/v1/ingestion/records', { params: { query: { uscc, ...(category ? { category } : {}) } } }));
}

export function sendNotice(body: Schemas['RepairNotice']): Promise<Schemas['NoticeResult']> {
  return unwrap(api.POST('/api/v1/ingestion/notices', { body }));
}
