import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type Consent = Schemas['Consent'];
export type ConsentStatus = Schemas['ConsentStatus'];
export type ConsentScope = Schemas['ConsentScope'];
export type ConsentPurpose = Schemas['ConsentPurpose'];
export type AccessLogEntry = Schemas['AccessLogEntry'];
export type RefusedRead = Schemas['RefusedRead'];

/** 授权 by the enterprise (`/api/v1/consents`). */
export function grantConsent(body: Schemas['ConsentRequest']): Promise<Consent> {
  return unwrap(api.POST('/api/v1/consents', { body }));
}

export async function listMyConsents(status?: ConsentStatus): Promise<Consent[]> {
  const list = await unwrap(api.GET('/api/v1/consents', { params: { query: { limit: 500, ...(status ? { status } : {}) } } }));
  return list.items;
}

export function getConsent(id: string): Promise<Consent> {
  return unwrap(api.GET('/api/v1/consents/{id}', { params: { path: { id } } }));
}

/** What the same institution could still read after revoking `id`, computed by the server. */
export function getRevocationImpact(id: string): Promise<Schemas['RevocationImpact']> {
  return unwrap(api.GET('/api/v1/consents/{id}/revocation-impact', { params: { path: { id } } }));
}

export function revokeConsent(id: string, reason?: string): Promise<Consent> {
  return unwrap(api.POST('/api/v1/consents/{id}/revoke', { params: { path: { id } }, body: reason ? { reason } : {} }));
}

export interface AccessLogQuery {
  institutionId?: string;
  scope?: ConsentScope;
  /** ISO 8601 timestamps: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

/** The most 查询记录 rows one call returns (the API's maximum). */
export const ACCESS_LOG_LIMIT = 500;

/** 查询记录: reads of the enterprise's data, newest first. */
export async function listAccessLog(query: AccessLogQuery = {}): Promise<AccessLogEntry[]> {
  const list = await unwrap(api.GET('/api/v1/consents/access-log', { params: { query: { ...query, limit: ACCESS_LOG_LIMIT } } }));
  return list.items;
}

/** 查询记录's refused reads: reads of the enterprise's data the consent gate refused, newest first. */
export async function listRefusedReads(query: Omit<AccessLogQuery, 'scope'> = {}): Promise<RefusedRead[]> {
  const list = await unwrap(api.GET('/api/v1/consents/refused-reads', { params: { query: { ...query, limit: ACCESS_LOG_LIMIT } } }));
  return list.items;
}

/** 授权查询 on the grantee's side (`/api/v1/institution/consents`). */
export async function listGrantsToMyInstitution(status?: ConsentStatus): Promise<Consent[]> {
  const list = await unwrap(api.GET('/api/v1/institution/consents', { params: { query: { limit: 500, ...(status ? { status } : {}) } } }));
  return list.items;
}

export function terminateConsent(id: string, reason?: string): Promise<Consent> {
  return unwrap(api.POST('/api/v1/institution/consents/{id}/terminate', { params: { path: { id } }, body: reason ? { reason } : {} }));
}

/** 查看画像: the enterprise's data through the consent gate (checked, counted and logged). */
export function readEnterpriseProfile(uscc: string, purpose: ConsentPurpose, scopes: readonly ConsentScope[] = []): Promise<Schemas['GatedProfile']> {
  const query = scopes.length > 0 ? { purpose, scopes: scopes.join(',') } : { purpose };
  return unwrap(api.GET('/api/v1/institution/enterprises/{uscc}/profile', { params: { path: { uscc }, query } }));
}
