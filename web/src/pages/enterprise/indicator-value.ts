import type { Schemas } from '@/api/schemas';
import { formatYuan } from '@/format/money';
import { formatRate } from '@/format/percent';

const TRENDS: Record<string, string> = { up: '上升', down: '下降', flat: '持平' };

/** A decimal string without trailing zeros: fines in 万元 carry six places ("0.500000" → "0.5"). */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/** How one indicator's value reads on 我的信用画像. */
export function formatIndicator(indicator: Pick<Schemas['ProfileIndicator'], 'code' | 'value' | 'unit'>): string {
  const { value, unit } = indicator;
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (indicator.code.endsWith('_trend')) return TRENDS[String(value)] ?? String(value);
  if (typeof value === 'string' && unit === '元') return formatYuan(value);
  if (typeof value === 'string' && unit === '万元') return `${trimDecimal(value)} 万元`;
  if (unit === '%') return formatRate(value);
  return unit ? `${value} ${unit}` : String(value);
}
