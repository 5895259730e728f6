import type { Schemas } from '@/api/schemas';
import { codedValueName, namedIndicatorLabel, type DistrictNames } from '@server/profiles/coded-indicator-values';
import { formatYuan } from '@/format/money';
import { formatRate } from '@/format/percent';

type Shown = Pick<Schemas['ProfileIndicator'], 'code' | 'value' | 'unit'>;

/** A decimal string without trailing zeros: fines in 万元 carry six places ("0.500000" → "0.5"). */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/**
 * How one indicator's value reads on every page that shows a profile. `districts` (code → name,
 * from `useDistrictNames`) names the district; before it has loaded the district shows as '—'.
 */
export function formatIndicator(indicator: Shown, districts?: DistrictNames): string {
  const { value, unit } = indicator;
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const named = codedValueName(indicator.code, String(value), districts);
  if (named !== undefined) return named;
  if (typeof value === 'string' && unit === '元' && /^-?\d+(\.\d{1,2})?$/.test(value)) return formatYuan(value);
  if (typeof value === 'string' && unit === '万元') return `${trimDecimal(value)} 万元`;
  if (unit === '%') return formatRate(value);
  return unit ? `${value} ${unit}` : String(value);
}

/** An indicator's label as the page shows it beside the formatted value. */
export const indicatorLabel = (indicator: Pick<Schemas['ProfileIndicator'], 'code' | 'label'>): string => namedIndicatorLabel(indicator);
