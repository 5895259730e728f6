import { api, unwrap, unwrapOrNone } from './client';
import type { Schemas } from './schemas';

export type RealEstateMortgage = Schemas['RealEstateMortgage'];

/** The application's 不动产抵押登记, or null while none has been applied for. */
export function fetchBankMortgage(applicationId: string): Promise<RealEstateMortgage | null> {
  return unwrapOrNone(api.GET('/api/v1/bank/loan-applications/{id}/real-estate-mortgage', { params: { path: { id: applicationId } } }));
}

export function fetchMyMortgage(applicationId: string): Promise<RealEstateMortgage | null> {
  return unwrapOrNone(api.GET('/api/v1/loan-applications/{id}/real-estate-mortgage', { params: { path: { id: applicationId } } }));
}

export function applyMortgage(applicationId: string, body: Schemas['RealEstateMortgageInput']): Promise<RealEstateMortgage> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/real-estate-mortgage', { params: { path: { id: applicationId } }, body }));
}

export function queryMortgageProgress(applicationId: string): Promise<RealEstateMortgage> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/real-estate-mortgage/progress-query', { params: { path: { id: applicationId } } }));
}
