import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 我的信用画像 (`/api/v1/me/profile`): the enterprise's own current profile. */
export function fetchOwnProfile(): Promise<Schemas['CreditProfile']> {
  return unwrap(api.GET('/api/v1/me/profile'));
}
