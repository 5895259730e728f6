import type { Schemas } from '@/api/schemas';

export { TECH_LIST_LABELS } from '@server/ingestion/categories/tech-lists-labels';

/** How guarantee terms are named on screen (the API's codes → Chinese). */
export const GUARANTEE_STATUS_LABELS: Record<Schemas['GuaranteeStatus'], string> = {
  pending: '待审核',
  granted: '已担保',
  declined: '不予担保',
  released: '已解保',
  compensated: '已代偿',
};

export const GUARANTEE_STATUS_TAG: Record<Schemas['GuaranteeStatus'], 'primary' | 'success' | 'info' | 'warning' | 'danger'> = {
  pending: 'warning',
  granted: 'success',
  declined: 'danger',
  released: 'info',
  compensated: 'danger',
};

export const ROUTE_LABELS: Record<Schemas['Guarantee']['route'], string> = {
  guarantee_first: '见保即贷',
  loan_first: '见贷即保',
};

export const TECH_TIER_LABELS: Record<NonNullable<Schemas['GuaranteeProductInput']['techTier']>, string> = {
  specialised: '专精特新（国家基金分险上限40%）',
  high_tech: '高新技术企业（上限35%）',
  tech_sme: '科技型中小企业（上限30%）',
};

export const COUNTER_GUARANTEE_LABELS: Record<NonNullable<Schemas['GuaranteeProductInput']['counterGuarantees']>[number], string> = {
  ip_pledge: '知识产权质押',
  equity_pledge: '股权质押',
  controller_guarantee: '实际控制人保证',
  credit_guarantee: '信用反担保',
};

export const PARTY_ROLE_LABELS: Record<Schemas['RiskTemplate']['parties'][number]['role'], string> = {
  national_fund: '国家融资担保基金',
  provincial_reguarantor: '省级再担保机构',
  guarantor: '担保机构',
  bank: '银行',
  local_government: '地方政府（风险补偿）',
};

export const BASIS_LABELS: Record<Schemas['RiskTemplate']['basis'], string> = {
  loan_amount: '按贷款金额分担',
  guaranteed_amount: '按担保金额分担（未担保部分由银行承担）',
};
