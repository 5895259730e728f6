import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type InstitutionType = Schemas['Institution']['type'];

/** 入驻机构 (`/api/v1/institutions`), for any logged-in user. */
export async function listInstitutions(type?: InstitutionType): Promise<Schemas['Institution'][]> {
  const list = await unwrap(api.GET('/api/v1/institutions', { params: { query: type ? { type } : {} } }));
  return list.items;
}
