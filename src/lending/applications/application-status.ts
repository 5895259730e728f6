import { conflict, type DomainError } from '../../platform/errors.js';

/**
 * The loan-application state machine (贷款申请状态机): the statuses, the one transition table and
 * the typed reasons. `LoanApplicationService` is the only writer of status and consults nothing
 * but this table; every applied transition becomes an immutable event row.
 */
export const APPLICATION_STATUSES = [
  'DRAFT',
  'GUARANTEE_REVIEW',
  'SUBMITTED',
  'ACCEPTED',
  'UNDER_REVIEW',
  'ACTION_REQUIRED',
  'APPROVED',
  'REJECTED',
  'CONTRACTED',
  'DISBURSED',
  'REPAYING',
  'CLOSED',
  'DEFAULTED',
  'WITHDRAWN',
  'EXPIRED',
  'GUARANTEE_DECLINED',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  DRAFT: '草稿',
  GUARANTEE_REVIEW: '担保机构审核中',
  SUBMITTED: '已提交',
  ACCEPTED: '银行已受理',
  UNDER_REVIEW: '审批中',
  ACTION_REQUIRED: '待补充材料',
  APPROVED: '已审批通过',
  REJECTED: '未通过',
  CONTRACTED: '已签约',
  DISBURSED: '已放款',
  REPAYING: '还款中',
  CLOSED: '已结清',
  DEFAULTED: '已逾期违约',
  WITHDRAWN: '已撤回',
  EXPIRED: '已过期',
  GUARANTEE_DECLINED: '担保未通过',
};

/** Before the bank has the application: a draft, or a 见保即贷 application the guarantee company still holds. */
export const BEFORE_BANK_STATUSES: readonly ApplicationStatus[] = ['DRAFT', 'GUARANTEE_REVIEW'];

/**
 * Open states: the application can still be withdrawn by the SME or expire. An enterprise has at
 * most one open application per product, drafts included (0044; a unique index whose list is this one:
 * changing it needs a migration).
 */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['DRAFT', 'GUARANTEE_REVIEW', 'SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'APPROVED'];

/** 409 for a second open application to one product; `existingId` lets the client go to the first. */
export function applicationAlreadyOpen(existing: { id: string; status: ApplicationStatus }): DomainError {
  const message = `该产品已有一笔“${STATUS_LABELS[existing.status]}”的贷款申请，请在“我的申请”中查看，不能重复申请`;
  return conflict('APPLICATION_ALREADY_OPEN', message, [{ field: 'productId', code: 'APPLICATION_ALREADY_OPEN', message }], { existingId: existing.id });
}

export const APPLICATION_ACTIONS = [
  'submit',
  'accept',
  'start_review',
  'approve',
  'reject',
  'request_action',
  'resume_review',
  'contract',
  'disburse',
  'start_repaying',
  'close',
  'default',
  'withdraw',
  'expire',
  'submit_for_guarantee',
  'grant_guarantee',
  'confirm_guarantee',
  'decline_guarantee',
  'supply_material',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

/** Each action as a person reads it (a refusal names the action, never its code). */
export const ACTION_LABELS: Record<ApplicationAction, string> = {
  submit: '提交申请',
  accept: '受理',
  start_review: '开始审批',
  approve: '批准',
  reject: '拒绝',
  request_action: '要求补充材料',
  resume_review: '恢复审批',
  contract: '签约',
  disburse: '放款',
  start_repaying: '登记还款',
  close: '结清',
  default: '报告违约',
  withdraw: '撤回申请',
  expire: '过期关闭',
  submit_for_guarantee: '提交担保审核',
  grant_guarantee: '同意担保',
  confirm_guarantee: '确认担保',
  decline_guarantee: '不予担保',
  supply_material: '补充材料',
};

/** Who may trigger an action: the SME, the bank (officer or callback), the guarantee company, or the platform itself. */
export type ActionParty = 'enterprise' | 'bank' | 'guarantor' | 'system';

interface TransitionRule {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: readonly ActionParty[];
}

/** The transition table: the single source of truth for which move is legal. */
export const TRANSITIONS: Readonly<Record<ApplicationAction, TransitionRule>> = {
  submit: { from: ['DRAFT'], to: 'SUBMITTED', by: ['enterprise'] },
  accept: { from: ['SUBMITTED'], to: 'ACCEPTED', by: ['bank'] },
  start_review: { from: ['ACCEPTED'], to: 'UNDER_REVIEW', by: ['bank'] },
  approve: { from: ['UNDER_REVIEW'], to: 'APPROVED', by: ['bank'] },
  reject: { from: ['SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED'], to: 'REJECTED', by: ['bank'] },
  request_action: { from: ['UNDER_REVIEW'], to: 'ACTION_REQUIRED', by: ['bank'] },
  resume_review: { from: ['ACTION_REQUIRED'], to: 'UNDER_REVIEW', by: ['bank'] },
  contract: { from: ['APPROVED'], to: 'CONTRACTED', by: ['bank'] },
  disburse: { from: ['CONTRACTED'], to: 'DISBURSED', by: ['bank'] },
  start_repaying: { from: ['DISBURSED'], to: 'REPAYING', by: ['bank'] },
  close: { from: ['DISBURSED', 'REPAYING'], to: 'CLOSED', by: ['bank'] },
  default: { from: ['DISBURSED', 'REPAYING'], to: 'DEFAULTED', by: ['bank'] },
  withdraw: { from: OPEN_STATUSES, to: 'WITHDRAWN', by: ['enterprise'] },
  expire: { from: OPEN_STATUSES, to: 'EXPIRED', by: ['system'] },
  // 见保即贷: the guarantee company decides before the bank sees the application.
  submit_for_guarantee: { from: ['DRAFT'], to: 'GUARANTEE_REVIEW', by: ['enterprise'] },
  grant_guarantee: { from: ['GUARANTEE_REVIEW'], to: 'SUBMITTED', by: ['guarantor'] },
  // 见贷即保: the guarantee follows the bank's approval; the status stays APPROVED.
  confirm_guarantee: { from: ['APPROVED'], to: 'APPROVED', by: ['guarantor'] },
  decline_guarantee: { from: ['GUARANTEE_REVIEW', 'APPROVED'], to: 'GUARANTEE_DECLINED', by: ['guarantor'] },
  // 补充材料: the SME's answer to the bank's request sends the application back to the bank.
  supply_material: { from: ['ACTION_REQUIRED'], to: 'UNDER_REVIEW', by: ['enterprise'] },
};

export function transitionFor(action: ApplicationAction, from: ApplicationStatus, party: ActionParty): ApplicationStatus | undefined {
  const rule = TRANSITIONS[action];
  return rule.from.includes(from) && rule.by.includes(party) ? rule.to : undefined;
}

export interface Step {
  action: ApplicationAction;
  from: ApplicationStatus;
  to: ApplicationStatus;
}

/**
 * The shortest chain of bank actions leading from `from` to `target`, or undefined when `target`
 * cannot be reached (it lies behind us, or on another branch). Bank events may arrive out of
 * order ("disbursed" before "approved"); walking the chain keeps every intermediate step in the
 * event history instead of jumping over the table.
 */
export function bankPathTo(from: ApplicationStatus, target: ApplicationStatus): Step[] | undefined {
  if (from === target) return [];
  const previous = new Map<ApplicationStatus, Step>();
  const queue: ApplicationStatus[] = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const action of APPLICATION_ACTIONS) {
      const to = transitionFor(action, current, 'bank');
      if (!to || to === from || previous.has(to)) continue;
      // The "ask for documents" loop is only entered on purpose, never as a detour.
      if (to === 'ACTION_REQUIRED' && target !== 'ACTION_REQUIRED') continue;
      previous.set(to, { action, from: current, to });
      if (to === target) {
        const path: Step[] = [];
        for (let step = previous.get(target); step; step = step.from === from ? undefined : previous.get(step.from)) path.unshift(step);
        return path;
      }
      queue.push(to);
    }
  }
  return undefined;
}
