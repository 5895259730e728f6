import type { Schemas } from '@/api/schemas';
import { CUSTOMS_GRADE_LABELS } from '@server/ingestion/categories/import-export-labels';
import { formatYuan } from '@/format/money';
import { formatRate } from '@/format/percent';

type Shown = Pick<Schemas['ProfileIndicator'], 'code' | 'value' | 'unit'>;

const TRENDS: Record<string, string> = { up: '上升', down: '下降', flat: '持平' };
const CUSTOMS_GRADES: Record<string, string> = CUSTOMS_GRADE_LABELS;

/**
 * Indicators whose value is a code, by indicator code: the name people read for it. The profile
 * carries codes as the records did; the page names them.
 */
const CODED: Record<string, (value: string, districts: ReadonlyMap<string, string> | undefined) => string> = {
  district_code: (code, districts) => (districts ? (districts.get(code) ?? '市外区县') : '—'),
  customs_grade: (code) => CUSTOMS_GRADES[code] ?? '—',
  insured_headcount_trend: (code) => TRENDS[code] ?? '—',
};

/** Labels of indicators that read differently once their code is shown by name. */
const LABELS: Record<string, string> = { district_code: '所属区县' };

/** A decimal string without trailing zeros: fines in 万元 carry six places ("0.500000" → "0.5"). */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/**
 * How one indicator's value reads on every page that shows a profile. `districts` (code → name,
 * from `useDistrictNames`) names the district; before it has loaded the district shows as '—'.
 */
export function formatIndicator(indicator: Shown, districts?: ReadonlyMap<string, string>): string {
  const { value, unit } = indicator;
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const coded = CODED[indicator.code];
  if (coded) return coded(String(value), districts);
  if (typeof value === 'string' && unit === '元' && /^-?\d+(\.\d{1,2})?$/.test(value)) return formatYuan(value);
  if (typeof value === 'string' && unit === '万元') return `${trimDecimal(value)} 万元`;
  if (unit === '%') return formatRate(value);
  return unit ? `${value} ${unit}` : String(value);
}

/** An indicator's label as the page shows it beside the formatted value. */
export function indicatorLabel(indicator: Pick<Schemas['ProfileIndicator'], 'code' | 'label'>): string {
  return LABELS[indicator.code] ?? indicator.label;
}
