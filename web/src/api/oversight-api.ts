import { saveBlob } from './ingestion-api';
import { api, unwrap, unwrapNoContent } from './client';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

export type KpiFigure = Schemas['OversightKpiFigure'];

/** 监测看板 (`/api/v1/oversight/*`): the financial office's figures, as of the last refresh of the aggregates. */
export function fetchKpis(month?: string, district?: string): Promise<Schemas['OversightKpis']> {
  return unwrap(api.GET('/api/v1/oversight/kpis', { params: { query: { month, district } } }));
}

export function fetchKpisByDistrict(month?: string): Promise<Schemas['OversightKpisByDistrict']> {
  return unwrap(api.GET('/api/v1/oversight/kpis/by-district', { params: { query: { month } } }));
}

export function fetchKpiTrend(to?: string): Promise<Schemas['OversightKpiTrend']> {
  return unwrap(api.GET('/api/v1/oversight/kpis/trend', { params: { query: { to } } }));
}

export function fetchDrillDown(kpi: string, month?: string): Promise<Schemas['OversightDrillDown']> {
  return unwrap(api.GET('/api/v1/oversight/drill-down', { params: { query: { kpi, month } } }));
}

export function fetchFunnel(to?: string, district?: string): Promise<Schemas['OversightFunnel']> {
  return unwrap(api.GET('/api/v1/oversight/funnel', { params: { query: { to, district } } }));
}

export function fetchBankService(to?: string): Promise<Schemas['OversightBankService']> {
  return unwrap(api.GET('/api/v1/oversight/bank-service', { params: { query: { to } } }));
}

/** 待处理预警: overdue applications raised to the office, not yet acknowledged. */
export function fetchAlerts(): Promise<Schemas['OversightAlerts']> {
  return unwrap(api.GET('/api/v1/oversight/alerts'));
}

export function acknowledgeAlert(id: string): Promise<void> {
  return unwrapNoContent(api.POST('/api/v1/oversight/alerts/{id}/acknowledge', { params: { path: { id } } }));
}

export async function refreshOversight(): Promise<void> {
  await unwrap(api.POST('/api/v1/oversight/refresh'));
}

export function saveCityBalance(body: Schemas['CityInclusiveBalanceInput']): Promise<void> {
  return unwrapNoContent(api.PUT('/api/v1/oversight/city-inclusive-balances', { body }));
}

/** Saves the month's workbook (every table of the dashboard and a cover sheet of definitions). */
export async function downloadReport(month: string): Promise<void> {
  const { data, error, response } = await api
    .GET('/api/v1/oversight/report.xlsx', { params: { query: { month } }, parseAs: 'blob' })
    .catch(() => {
      throw networkProblem();
    });
  if (!response.ok || !data) throw problemFromResponse(response, error);
  saveBlob(data, `信易贷平台监测月报-${month}.xlsx`);
}
