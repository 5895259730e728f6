import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type PrecreditModel = Schemas['PrecreditModel'];
export type PrecreditRun = Schemas['PrecreditRun'];
export type PrecreditResult = Schemas['PrecreditResult'];
export type PrecreditMonitoring = Schemas['PrecreditMonitoring'];
export type Recommendation = Schemas['PrecreditRecommendationList']['items'][number];
export type PrecreditInput = Schemas['PrecreditInputList']['items'][number];

/** 预授信 (`/api/v1/precredit`): the bank's models and white list, monitoring, the SME's results. */
export const listInputs = async (): Promise<PrecreditInput[]> => (await unwrap(api.GET('/api/v1/precredit/inputs'))).items;
export const listModels = () => unwrap(api.GET('/api/v1/precredit/models'));
export const createDraft = (basedOn: string) => unwrap(api.POST('/api/v1/precredit/models', { body: { basedOn } }));
export const updateDraft = (id: string, document: Record<string, unknown>) =>
  unwrap(api.PUT('/api/v1/precredit/models/{id}', { params: { path: { id } }, body: { document } }));
export const validateDocument = (document: Record<string, unknown>) => unwrap(api.POST('/api/v1/precredit/models/validate', { body: { document } }));
export const requestActivation = (id: string) => unwrap(api.POST('/api/v1/precredit/models/{id}/activation-request', { params: { path: { id } } }));
export const approveActivation = (id: string, revision: number) =>
  unwrap(api.POST('/api/v1/precredit/models/{id}/activate', { params: { path: { id } }, body: { revision } }));
export const trainModel = () => unwrap(api.POST('/api/v1/precredit/models/training', { body: { source: 'platform' } }));

export const startRun = () => unwrap(api.POST('/api/v1/precredit/whitelist/runs'));
export const fetchRun = (id: string) => unwrap(api.GET('/api/v1/precredit/whitelist/runs/{id}', { params: { path: { id } } }));
export const listRuns = async (): Promise<PrecreditRun[]> => (await unwrap(api.GET('/api/v1/precredit/whitelist/runs'))).items;

export interface WhitelistQuery {
  grade?: string;
  minLimit?: string;
  q?: string;
  listedOnly?: 'true' | 'false';
  page?: number;
  pageSize?: number;
}
export const listWhitelist = (query: WhitelistQuery) => unwrap(api.GET('/api/v1/precredit/whitelist', { params: { query } }));

/** The Excel export with the same filters, as a file the browser saves. */
export async function exportWhitelist(query: WhitelistQuery): Promise<Blob> {
  const { page: _page, pageSize: _size, ...filters } = query;
  return unwrap(api.GET('/api/v1/precredit/whitelist.xlsx', { params: { query: filters }, parseAs: 'blob' })) as Promise<Blob>;
}

export const fetchMonitoring = (bankId?: string) => unwrap(api.GET('/api/v1/precredit/monitoring', { params: { query: bankId ? { bankId } : {} } }));
export const listMyResults = async (): Promise<PrecreditResult[]> => (await unwrap(api.GET('/api/v1/precredit/my-results'))).items;
export const listRecommendations = async (): Promise<Recommendation[]> => (await unwrap(api.GET('/api/v1/precredit/recommendations'))).items;
