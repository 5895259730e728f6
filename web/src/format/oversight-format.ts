import { formatWanYuan } from './money';
import { formatPercent, formatRate } from './percent';

/** How the 监测看板 shows a figure: shares as percentages, amounts in 万元, rates with a % sign. */
export type KpiUnit = 'percent' | 'count' | 'yuan' | 'rate';

export function formatFigure(value: string | null, unit: KpiUnit): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return formatPercent(value);
    case 'yuan':
      return formatWanYuan(value);
    case 'rate':
      return formatRate(value);
    default:
      return Number(value).toLocaleString('zh-CN');
  }
}

const COMPARATOR = { gt: '高于', gte: '不低于', lt: '低于', lte: '不高于' } as const;

export function formatTarget(target: { comparator: keyof typeof COMPARATOR; value: string } | null, unit: KpiUnit): string {
  if (!target) return '未设目标';
  const value = unit === 'yuan' ? Number(target.value).toFixed(2) : target.value;
  return `${COMPARATOR[target.comparator]} ${formatFigure(value, unit)}`;
}

export const STAGE_LABELS = { registered: '注册', authorised: '授权', applied: '申请', accepted: '受理', approved: '审批通过', disbursed: '放款' } as const;

export const PRECREDIT_STAGE_LABELS = { whitelisted: '白名单', visited: '走访', approved: '授信', disbursed: '放款' } as const;

export const OVERDUE_FOR_LABELS = { acceptance: '受理超时', decision: '审批超时' } as const;
