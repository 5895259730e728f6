import type { RouteLocationRaw } from 'vue-router';
import type { WorkQueue } from '@/api/dialogue-api';

/** 待办事项: the Chinese name of each queue. */
export const WORK_QUEUE_LABELS: Record<WorkQueue['code'], string> = {
  assigned_to_me: '分派给我的申请',
  new_unassigned: '待认领的新申请',
  material_answered: '企业已补充材料',
  unassigned: '待分派的申请',
  workload: '在办申请（按经办人）',
  overdue_sla: '超时未办结',
  guarantee_pending: '待决定的担保',
  material_requested: '银行要求补充材料',
  grants_expiring: '即将到期的数据授权',
  whitelist_changes: '预授信结果有更新',
  open_escalations: '待处理的超时上报',
};

/** Where an entry leads; none for an officer's load line. */
export function workQueueLink(entry: WorkQueue['entries'][number], role: string | undefined): RouteLocationRaw | undefined {
  const { kind, id } = entry.ref;
  if (kind === 'loan_application') return { name: role === 'enterprise' ? 'my-application' : 'bank-application', params: { id } };
  if (kind === 'guarantee') return { name: 'guarantee-case', params: { id } };
  if (kind === 'consent') return { name: 'consent-detail', params: { id } };
  if (kind === 'precredit') return { name: 'my-precredit' };
  if (kind === 'alert') return { name: 'oversight-workbench' };
  return undefined;
}
