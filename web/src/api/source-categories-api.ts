import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 数据源报送权限 (`/api/v1/admin/source-categories`): which categories each department may deliver. */
export function listSourceCategories(): Promise<Schemas['SourceCategories'][]> {
  return unwrap(api.GET('/api/v1/admin/source-categories'));
}

export function setSourceCategories(institutionId: string, categories: string[]): Promise<Schemas['SourceCategories']> {
  return unwrap(api.PUT('/api/v1/admin/source-categories/{institutionId}', { params: { path: { institutionId } }, body: { categories } }));
}
