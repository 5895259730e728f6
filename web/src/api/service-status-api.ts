import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type ServiceKey = Schemas['ServiceStatus']['services'][number]['key'];

/** 服务状态 (`/api/v1/public/service-status`): what works today, for the public home page. */
export function fetchServiceStatus(): Promise<Schemas['ServiceStatus']> {
  return unwrap(api.GET('/api/v1/public/service-status'));
}
