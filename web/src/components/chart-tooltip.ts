import { format } from 'echarts/core';

/** ECharts' own escape, the one its string templates ({b}) apply. */
const escapeHtml = format.encodeHTML;

/** The names ECharts hands a tooltip formatter that come from data: a person's, a district's, an institution's. */
const NAMED = ['name', 'seriesName', 'axisValue', 'axisValueLabel'] as const;

function escapedParams(params: unknown): unknown {
  if (Array.isArray(params)) return params.map(escapedParams);
  if (params === null || typeof params !== 'object') return params;
  const copy: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const key of NAMED) if (typeof copy[key] === 'string') copy[key] = escapeHtml(copy[key]);
  const data = copy.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && typeof (data as { name?: unknown }).name === 'string') {
    copy.data = { ...data, name: escapeHtml((data as { name: string }).name) };
  }
  return copy;
}

/**
 * ECharts writes what a tooltip formatter function returns into the page as HTML, and escapes
 * only what its string templates ({b}) insert. A chart names officers, districts and institutions,
 * names their own admins type: a name such as `<img src=x>` became markup in the financial office's
 * tooltip. `DataChart` passes every option through here, so each formatter function gets those
 * names escaped, whichever page wrote it.
 */
export function withEscapedTooltipNames<T extends Record<string, unknown>>(option: T): T {
  const tooltip = option.tooltip as { formatter?: unknown } | undefined;
  if (!tooltip || typeof tooltip.formatter !== 'function') return option;
  const formatter = tooltip.formatter as (params: unknown, ...rest: unknown[]) => unknown;
  return { ...option, tooltip: { ...tooltip, formatter: (params: unknown, ...rest: unknown[]) => formatter(escapedParams(params), ...rest) } };
}
