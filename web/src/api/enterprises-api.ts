import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 企业注册 (`/api/v1/enterprises/registrations`). */
export function registerEnterprise(body: Schemas['RegistrationRequest']): Promise<Schemas['Enterprise']> {
  return unwrap(api.POST('/api/v1/enterprises/registrations', { body }));
}
