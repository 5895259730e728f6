import { formatWanYuan } from '@/format/money';

/** Chinese wording for pre-credit codes; pages show these, never the codes. */
export const MODEL_STATUS_LABELS = { DRAFT: '草稿', ACTIVE: '已启用', RETIRED: '已停用' } as const;
export const MODEL_STATUS_TAGS = { DRAFT: 'info', ACTIVE: 'success', RETIRED: 'warning' } as const;
export const DECISION_LABELS = { graded: '已评级', ungraded: '未达最低等级', knockout: '不符合准入' } as const;
export const RUN_STATUS_LABELS = { running: '生成中', done: '已完成', failed: '失败' } as const;
export const VERDICT_LABELS = { recommended: '推荐申请', possible: '可以尝试', not_eligible: '暂不符合' } as const;
export const VERDICT_TAGS = { recommended: 'success', possible: 'warning', not_eligible: 'info' } as const;
export const PSI_LABELS = { stable: '稳定', investigate: '需要关注', significant: '显著变化' } as const;

const OPERATORS: Record<string, string> = { eq: '等于', ne: '不等于', gt: '大于', gte: '不低于', lt: '低于', lte: '不高于', in: '属于', notIn: '不属于' };

const CATEGORY_VALUES: Record<string, string> = {
  true: '是',
  false: '否',
  revoked: '吊销',
  cancelled: '注销',
  existing: '存续',
  operating: '在业',
  moved_out: '迁出',
};

export function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join('、');
  return CATEGORY_VALUES[String(value)] ?? String(value);
}

export function operatorText(op: string): string {
  return OPERATORS[op] ?? op;
}

/** 预授信额度 in 万元, e.g. "150 万元"; no limit is "无额度". */
export function limitText(limit: string | null): string {
  if (limit === null) return '无额度';
  return formatWanYuan(limit);
}

const LISTS: Record<string, string> = { knockouts: '条拒绝规则', features: '个评分项', bins: '个分箱', bands: '个等级' };
const KEYS: Record<string, string> = {
  input: '输入字段',
  operator: '比较方式',
  value: '取值',
  reason: '拒绝说明',
  reasonCode: '原因代码',
  points: '分值',
  missingPoints: '无数据分值',
  referencePoints: '参照分值',
  from: '下界',
  to: '上界',
  categories: '类别',
  minScore: '最低分',
  grade: '等级',
  limit: '额度规则',
  multiple: '倍数',
  cap: '上限',
  name: '模型名称',
  basePoints: '基础分',
  scaling: '刻度',
  validityDays: '有效期天数',
  '(body)': '模型',
};

/** A validation message's JSON path in words, e.g. features.0.bins.1 → 第1个评分项 第2个分箱. */
export function fieldText(path: string): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (LISTS[part] && next !== undefined && /^\d+$/.test(next)) {
      words.push(`第${Number(next) + 1}${LISTS[part]}`);
      i++;
    } else words.push(KEYS[part] ?? (LISTS[part] ? LISTS[part].slice(1) : part));
  }
  return words.join(' ');
}
