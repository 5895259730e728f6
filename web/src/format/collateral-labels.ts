import type { Schemas } from '@/api/schemas';

type Mortgage = Schemas['RealEstateMortgage'];

/** 不动产抵押登记 codes → Chinese. */
export const MORTGAGE_WAY_LABELS: Record<Mortgage['mortgageWay'], string> = {
  general: '一般抵押',
  maximum: '最高额抵押',
  surplus: '余值抵押',
};

export const MORTGAGE_STATUS_LABELS: Record<Mortgage['status'], string> = {
  applied: '已提交登记机构',
  refused: '登记机构不予受理',
  accept: '已受理',
  verify: '已核定',
  result: '已登簿',
};

export const NOTICE_LABELS: Record<Mortgage['notices'][number]['kind'], string> = {
  accept: '受理',
  verify: '核定',
  result: '登簿',
  sealed: '查封',
};

export const NOTICE_VIA_LABELS: Record<Mortgage['notices'][number]['via'], string> = {
  notice: '登记机构通知',
  progress_query: '进度查询补录',
};
