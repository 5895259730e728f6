import type { NotificationKind } from '@/api/notifications-api';

/** 通知类型 as people read them. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  application_received: '新申请',
  material_requested: '补充材料',
  application_approved: '审批通过',
  application_declined: '未通过',
  loan_disbursed: '放款',
  guarantee_decided: '担保结果',
  grant_expiring: '授权到期',
  sla_breach: '超时预警',
  question_answered: '问答回复',
  product_reviewed: '产品审核',
  bank_report_refused: '回报拒收',
};
