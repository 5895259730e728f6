import type { Schemas } from '@/api/schemas';

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
