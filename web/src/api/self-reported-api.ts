import { api, unwrap, unwrapNoContent } from './client';
import type { Schemas } from './schemas';

export type SelfReportedItem = Schemas['SelfReportedItem'];

/** 自愿填报: the enterprise's current items. */
export async function listSelfReported(): Promise<SelfReportedItem[]> {
  return (await unwrap(api.GET('/api/v1/me/self-reported'))).items;
}

export function addSelfReported(body: Schemas['NewSelfReportedItem']): Promise<SelfReportedItem> {
  return unwrap(api.POST('/api/v1/me/self-reported', { body }));
}

export async function withdrawSelfReported(id: string): Promise<void> {
  await unwrapNoContent(api.DELETE('/api/v1/me/self-reported/{id}', { params: { path: { id } } }));
}
