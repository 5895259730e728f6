import { api, unwrap } from './client';
import { networkProblem, problemFromResponse } from './problem';
import type { Schemas } from './schemas';

/** 存续市场主体数, the working-day calendar and the register lookup. */
export function fetchDenominators(): Promise<Schemas['RegisterDenominator'][]> {
  return unwrap(api.GET('/api/v1/register/denominators'));
}

export function fetchCalendar(year: number): Promise<Schemas['WorkingCalendarDay'][]> {
  return unwrap(api.GET('/api/v1/working-calendar', { params: { query: { year } } }));
}

/** Adds or changes days; resolves when saved (204). */
export async function saveCalendarDays(days: Schemas['WorkingCalendarDay'][]): Promise<void> {
  const { error, response } = await api.PUT('/api/v1/working-calendar', { body: { days } }).catch(() => {
    throw networkProblem();
  });
  if (!response.ok) throw problemFromResponse(response, error);
}

export async function removeCalendarDay(day: string): Promise<void> {
  const { error, response } = await api.DELETE('/api/v1/working-calendar/{day}', { params: { path: { day } } }).catch(() => {
    throw networkProblem();
  });
  if (!response.ok) throw problemFromResponse(response, error);
}

/** 市场主体登记查询 (`/api/v1/market-entities/{uscc}`): one entry of the market-entity register. */
export function lookupMarketEntity(uscc: string): Promise<Schemas['MarketEntity']> {
  return unwrap(api.GET('/api/v1/market-entities/{uscc}', { params: { path: { uscc } } }));
}

/** 区县 (`/api/v1/districts`): the city's districts by code, for naming a district a page shows. */
export async function listDistricts(): Promise<Schemas['District'][]> {
  return (await unwrap(api.GET('/api/v1/districts'))).items;
}
