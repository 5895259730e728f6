import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type ZoneCode = Schemas['ZoneCode'];
export type ZonePage = Schemas['ZonePage'];

export function getZone(code: ZoneCode): Promise<ZonePage> {
  return unwrap(api.GET('/api/v1/public/zones/{code}', { params: { path: { code } } }));
}

export function zoneEligibility(code: ZoneCode): Promise<Schemas['ZoneEligibility']> {
  return unwrap(api.GET('/api/v1/me/zones/{code}/eligibility', { params: { path: { code } } }));
}

export function curateZone(code: ZoneCode, body: Schemas['ZoneCuration']): Promise<Schemas['Zone']> {
  return unwrap(api.PUT('/api/v1/zones/{code}', { params: { path: { code } }, body }));
}
