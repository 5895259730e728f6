import { formatYuan } from '@/format/money';

/**
 * The risk summary an officer reads first (风险摘要): knockouts (否决项) and key indicators, taken
 * from the sections of the gated profile the bank was allowed to read. A section outside the
 * grant gives no signal either way, and the summary says which checks it could not make.
 */
export interface IndicatorLike {
  code: string;
  label: string;
  value: string | number | boolean | null;
  unit: string | null;
}

export interface RiskSignals {
  knockouts: string[];
  /** Checks that could not be made: their section was not in the grant or had no data. */
  unchecked: string[];
  key: IndicatorLike[];
}

const KEY_CODES = [
  'latest_tax_grade',
  'tax_paid_last_12_months',
  'tax_arrears_months_last_12',
  'insured_headcount',
  'social_security_arrears_months_last_12',
  'utility_on_time_rate',
  'penalties_36_months',
  'open_execution_cases',
  'registered_capital',
  'established_on',
];

function minusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function indicatorMap(data: unknown): Map<string, IndicatorLike> {
  const found = new Map<string, IndicatorLike>();
  if (typeof data !== 'object' || data === null) return found;
  for (const section of Object.values(data)) {
    const list = typeof section === 'object' && section !== null ? (section as { indicators?: unknown }).indicators : undefined;
    if (!Array.isArray(list)) continue;
    for (const i of list as IndicatorLike[]) if (typeof i?.code === 'string' && typeof i.label === 'string') found.set(i.code, i);
  }
  return found;
}

/** `today` is the Shanghai business date (YYYY-MM-DD) the 12-month window ends on. */
export function riskSignals(data: unknown, today: string): RiskSignals {
  const i = indicatorMap(data);
  const v = (code: string) => i.get(code)?.value;
  const knockouts: string[] = [];
  const unchecked: string[] = [];
  const check = (code: string, what: string, hit: (value: IndicatorLike['value']) => string | undefined) => {
    if (!i.has(code)) return unchecked.push(what);
    const found = hit(v(code) ?? null);
    if (found) knockouts.push(found);
  };
  check('on_serious_dishonesty_list', '严重失信主体名单', (x) => (x === true ? `列入严重失信主体名单${v('current_list_types') ? `（${String(v('current_list_types'))}）` : ''}` : undefined));
  check('current_list_types', '经营异常名录', (x) => (typeof x === 'string' && x.includes('经营异常') ? '列入经营异常名录' : undefined));
  check('dishonest_executed_person', '失信被执行人', (x) => (x === true ? '失信被执行人' : undefined));
  check('latest_penalty_date', '近12个月行政处罚', (x) => (typeof x === 'string' && x > minusMonths(today, 12) ? `近12个月受过行政处罚（最近一次 ${x}）` : undefined));
  check('registration_status', '登记状态', (x) => (x === '吊销' || x === '注销' || x === '迁出' ? `登记状态为“${String(x)}”` : undefined));
  check('tax_arrears_latest', '欠税', (x) => (x !== null && Number(x) > 0 ? `最近所属期欠税 ${formatYuan(String(x))}` : undefined));
  check('open_execution_cases', '未结执行案件', (x) => (Number(x ?? 0) > 0 ? `有 ${String(x)} 件未结执行案件` : undefined));
  return { knockouts, unchecked, key: KEY_CODES.flatMap((code) => (i.has(code) ? [i.get(code)!] : [])) };
}
