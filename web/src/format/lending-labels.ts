import type { Schemas } from '@/api/schemas';

/** How lending terms are named on screen (the API's English codes → Chinese). */
export const GUARANTEE_TYPE_LABELS: Record<Schemas['GuaranteeType'], string> = {
  credit: '信用',
  guarantee: '保证',
  mortgage: '抵押',
  pledge: '质押',
  guarantee_company: '担保公司担保',
};

export const ZONE_TAG_LABELS: Record<Schemas['ZoneTag'], string> = {
  tech_loan: '科技贷专区',
  rural_revitalization: '乡村振兴专区',
  startup_guarantee: '创业担保贷',
};

export const PRODUCT_STATUS_LABELS: Record<Schemas['LoanProduct']['status'], string> = {
  draft: '草稿（待审核）',
  published: '已上架',
  withdrawn: '已下架',
  returned: '已退回',
};

export { STATUS_LABELS } from '@server/lending/applications/application-status';

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';

/** Tag colour of a status: open ones blue, money moved green, needs the SME orange, ended grey/red. */
export const STATUS_TAG: Record<Schemas['ApplicationStatus'], TagType> = {
  DRAFT: 'info',
  GUARANTEE_REVIEW: 'warning',
  SUBMITTED: 'primary',
  ACCEPTED: 'primary',
  UNDER_REVIEW: 'primary',
  ACTION_REQUIRED: 'warning',
  APPROVED: 'success',
  REJECTED: 'danger',
  CONTRACTED: 'success',
  DISBURSED: 'success',
  REPAYING: 'success',
  CLOSED: 'info',
  DEFAULTED: 'danger',
  WITHDRAWN: 'info',
  EXPIRED: 'info',
  GUARANTEE_DECLINED: 'danger',
};

export const REJECTION_REASON_LABELS: Record<Schemas['RejectionReason'], string> = {
  LOW_CREDIT_SCORE: '信用评分不足',
  INSUFFICIENT_REPAYMENT_CAPACITY: '还款能力不足',
  DOC_IRREGULARITIES: '材料不规范',
  POLICY_NOT_MET: '不符合产品政策',
  FRAUD: '疑似欺诈',
  OTHERS: '其他原因',
};

export const ACTION_TYPE_LABELS: Record<Schemas['ActionType'], string> = {
  ADD_DOCUMENT: '补充材料',
  RESUBMIT_DOCUMENT: '重新提交材料',
  ADDITIONAL_DATA: '补充信息',
  OTHER: '其他',
};

export const DEMAND_STATUS_LABELS: Record<Schemas['FinancingDemand']['status'], string> = {
  open: '待银行接单',
  accepted: '已被银行受理',
  withdrawn: '已撤回',
};

export const ACTOR_LABELS: Record<Schemas['ApplicationEvent']['actorType'], string> = {
  enterprise: '企业',
  bank_officer: '银行信贷人员',
  client: '机器客户端',
  bank_system: '银行系统',
  guarantee_officer: '担保机构人员',
  guarantee_system: '担保机构（系统自动处理）',
  system: '平台',
};

/** Who made a timeline move; a machine client is named, never shown as a person. */
export function actorText(event: Pick<Schemas['ApplicationEvent'], 'actorType' | 'actorName'>): string {
  const label = ACTOR_LABELS[event.actorType];
  return event.actorType === 'client' && event.actorName ? `${label} ${event.actorName}` : label;
}

export const VERDICT_LABELS: Record<Schemas['EligibilityMatch']['verdict'], string> = {
  likely: '符合公布条件',
  unlikely: '不符合公布条件',
  unknown: '部分条件待核实',
};

/** The tag colour of each verdict on a product card. */
export const VERDICT_TAG = { likely: 'success', unlikely: 'danger', unknown: 'info' } as const satisfies Record<Schemas['EligibilityMatch']['verdict'], string>;

const INDICATOR_LABELS: Record<string, string> = {
  yearsEstablished: '成立年限（年）',
  registeredCapital: '注册资本',
  entityType: '主体类型',
};

const OPERATOR_LABELS: Record<Schemas['EligibilityFilter']['operator'], string> = {
  eq: '为',
  ne: '不为',
  gt: '大于',
  gte: '不少于',
  lt: '小于',
  lte: '不超过',
  in: '属于',
  notIn: '不属于',
};

const VALUE_LABELS: Record<string, string> = {
  enterprise: '企业',
  individual_business: '个体工商户',
  farmer_cooperative: '农民专业合作社',
};

/** "成立年限（年） 不少于 2", "主体类型 属于 企业、个体工商户". */
export function describeFilter(filter: Schemas['EligibilityFilter']): string {
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  const shown = values.map((v) => VALUE_LABELS[String(v)] ?? String(v)).join('、');
  return `${INDICATOR_LABELS[filter.field] ?? filter.field} ${OPERATOR_LABELS[filter.operator]} ${shown}`;
}

