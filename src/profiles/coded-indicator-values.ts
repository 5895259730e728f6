import { CUSTOMS_GRADE_LABELS } from '../ingestion/categories/import-export-labels.js';

/**
 * Indicators whose value is a code (the profile carries it as the records did), and how people
 * read it: the portal's profile pages and the credit report name the value and never print the
 * code. Zod-free, so the portal imports it as it is.
 */
const TRENDS: Record<string, string> = { up: '上升', down: '下降', flat: '持平' };
const CUSTOMS_GRADES: Record<string, string> = CUSTOMS_GRADE_LABELS;

/** District code → name, as the `districts` table holds them; undefined while not loaded. */
export type DistrictNames = ReadonlyMap<string, string> | undefined;

const NAMED: Record<string, (value: string, districts: DistrictNames) => string> = {
  district_code: (code, districts) => (districts ? (districts.get(code) ?? '市外区县') : '—'),
  customs_grade: (code) => CUSTOMS_GRADES[code] ?? '—',
  insured_headcount_trend: (code) => TRENDS[code] ?? '—',
};

/** Labels of the coded indicators that read differently once the value is a name. */
const NAMED_LABELS: Record<string, string> = { district_code: '所属区县' };

/** The name for a coded indicator's value; undefined for an indicator whose value is no code. */
export function codedValueName(indicatorCode: string, value: string, districts: DistrictNames): string | undefined {
  return NAMED[indicatorCode]?.(value, districts);
}

/** The label shown beside a named value. */
export function namedIndicatorLabel(indicator: { code: string; label: string }): string {
  return NAMED_LABELS[indicator.code] ?? indicator.label;
}
