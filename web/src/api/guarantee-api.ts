import { api, unwrap } from './client';
import { saveBlob } from './ingestion-api';
import { ApiProblem, networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type Guarantee = Schemas['Guarantee'];
export type GuaranteeStatus = Schemas['GuaranteeStatus'];
export type GuaranteeDetail = Schemas['GuaranteeDetail'];
export type GuaranteeCapacity = Schemas['GuaranteeCapacity'];

/** 担保申请受理: the officer's company's guarantees, newest first, a page at a time (`before`: the previous page's `nextBefore`). */
export function listGuarantees(filter: { status?: GuaranteeStatus; productId?: string; before?: string; limit?: number } = {}): Promise<Schemas['GuaranteeList']> {
  return unwrap(api.GET('/api/v1/guarantees', { params: { query: filter } }));
}

export function fetchGuarantee(id: string): Promise<GuaranteeDetail> {
  return unwrap(api.GET('/api/v1/guarantees/{id}', { params: { path: { id } } }));
}

export function decideGuarantee(id: string, body: Schemas['GuaranteeDecisionInput']): Promise<Guarantee> {
  return unwrap(api.POST('/api/v1/guarantees/{id}/decision', { params: { path: { id } }, body }));
}

export function fetchGuaranteeProfile(id: string): Promise<Record<string, unknown>> {
  return unwrap(api.GET('/api/v1/guarantees/{id}/profile', { params: { path: { id } } }));
}

/** 登记保费: once per 凭证号, so the same payment sent twice is counted once. */
export function recordGuaranteeFee(id: string, body: Schemas['GuaranteeFeePaymentInput']): Promise<Guarantee> {
  return unwrap(api.POST('/api/v1/guarantees/{id}/fee-payments', { params: { path: { id } }, body }));
}

export function fetchCapacity(): Promise<GuaranteeCapacity> {
  return unwrap(api.GET('/api/v1/guarantee-capacity'));
}

export async function listGuaranteeProducts(): Promise<Schemas['GuaranteeProduct'][]> {
  return (await unwrap(api.GET('/api/v1/guarantee-products'))).items;
}

export function fetchMonthlyReport(month: string): Promise<Schemas['GuaranteeMonthlyReport']> {
  return unwrap(api.GET('/api/v1/guarantee-reports/monthly', { params: { query: { month } } }));
}

/** Saves the month's workbook (说明, 按产品, 按分担方). */
export async function downloadMonthlyReport(month: string): Promise<void> {
  const { data, error, response } = await api
    .GET('/api/v1/guarantee-reports/monthly.xlsx', { params: { query: { month } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data, `担保业务月报-${month}.xlsx`);
}

/** Saves the 担保函 PDF of a guaranteed application (its company, bank and SME may download it). */
export async function downloadGuaranteeLetter(applicationId: string): Promise<void> {
  const { data, error, response } = await api
    .GET('/api/v1/loan-applications/{id}/guarantee-letter.pdf', { params: { path: { id: applicationId } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data, '担保函.pdf');
}

/** 代偿 of a guarantee with its 追偿 recoveries, or null while nothing was paid out. */
export async function fetchCompensation(id: string): Promise<Schemas['Compensation'] | null> {
  try {
    return await unwrap(api.GET('/api/v1/guarantees/{id}/compensation', { params: { path: { id } } }));
  } catch (caught) {
    if (caught instanceof ApiProblem && caught.status === 404) return null;
    throw caught;
  }
}

export function recordCompensation(id: string, body: Schemas['CompensationInput']): Promise<Schemas['Compensation']> {
  return unwrap(api.POST('/api/v1/guarantees/{id}/compensation', { params: { path: { id } }, body }));
}

export function recordRecovery(id: string, body: Schemas['RecoveryInput']): Promise<Schemas['Compensation']> {
  return unwrap(api.POST('/api/v1/guarantees/{id}/recoveries', { params: { path: { id } }, body }));
}

export type GuaranteeProduct = Schemas['GuaranteeProduct'];
export type GuaranteeProductInput = Schemas['GuaranteeProductInput'];
export type RiskTemplate = Schemas['RiskTemplate'];

export function createGuaranteeProduct(body: GuaranteeProductInput): Promise<GuaranteeProduct> {
  return unwrap(api.POST('/api/v1/guarantee-products', { body }));
}

export function updateGuaranteeProduct(id: string, body: GuaranteeProductInput): Promise<GuaranteeProduct> {
  return unwrap(api.PUT('/api/v1/guarantee-products/{id}', { params: { path: { id } }, body }));
}

/** 风险分担模板: every template with its source. */
export async function listRiskTemplates(): Promise<RiskTemplate[]> {
  return (await unwrap(api.GET('/api/v1/guarantee-templates'))).items;
}

export function createRiskTemplate(body: RiskTemplate): Promise<RiskTemplate> {
  return unwrap(api.POST('/api/v1/guarantee-templates', { body }));
}
