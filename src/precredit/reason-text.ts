import { ENTITY_STATUS_LABELS, type EntityStatus } from '../enterprises/market-entity.js';
import type { InputDefinition, InputValue } from './input-catalog.js';

function amount(value: number, unit: string | null): string {
  if (unit === '元' && Math.abs(value) >= 10_000) return `${(value / 10_000).toFixed(2).replace(/\.?0+$/, '')}万元`;
  return `${Number.isInteger(value) ? value : value.toFixed(2).replace(/\.?0+$/, '')}${unit ?? ''}`;
}

/** One input of the enterprise as a sentence it understands, e.g. "近12个月纳税额同比下降35%". */
export function describeInput(def: InputDefinition, value: InputValue): string {
  if (value === null) return `暂无${def.label}数据`;
  if (def.kind === 'boolean') return value === true ? `存在${def.label}记录` : `无${def.label}记录`;
  if (def.kind === 'category') {
    if (def.code === 'registration_status') return `${def.label}为${ENTITY_STATUS_LABELS[value as EntityStatus] ?? String(value)}`;
    if (def.code === 'latest_tax_grade') return `${def.label}为${String(value)}级`;
    return `${def.label}为${String(value)}`;
  }
  const n = Number(value);
  if (def.code.endsWith('_yoy')) {
    const subject = def.label.replace(/同比$/, '');
    if (n === 0) return `${subject}与上年同期持平`;
    return `${subject}同比${n < 0 ? '下降' : '增长'}${amount(Math.abs(n), '%')}`;
  }
  return `${def.label}${def.unit === '元' ? '' : '为'}${amount(n, def.unit)}`;
}
