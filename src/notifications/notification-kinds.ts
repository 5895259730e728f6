import type { Role } from '../platform/roles.js';

/**
 * The event kinds a person can be told about (通知类型), with their Chinese label and default
 * channels. A must-not-miss kind (必达) always reaches the 站内消息 inbox and starts with SMS on;
 * its SMS may be turned off. Any other kind may be turned off on either channel.
 */
export const NOTIFICATION_KINDS = [
  'application_received',
  'material_requested',
  'application_approved',
  'application_declined',
  'loan_disbursed',
  'guarantee_decided',
  'grant_expiring',
  'sla_breach',
  'question_answered',
  'product_reviewed',
  'bank_report_refused',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

interface KindRule {
  label: string;
  mustNotMiss: boolean;
  /** The roles whose people are told of this kind: only they have a setting for it. */
  roles: readonly Role[];
}

const SME: readonly Role[] = ['enterprise'];

export const KIND_RULES: Readonly<Record<NotificationKind, KindRule>> = {
  application_received: { label: '收到新的贷款申请', mustNotMiss: false, roles: ['bank_officer', 'guarantee_officer'] },
  material_requested: { label: '银行要求补充材料', mustNotMiss: true, roles: SME },
  application_approved: { label: '贷款申请审批通过', mustNotMiss: true, roles: SME },
  application_declined: { label: '贷款申请未通过', mustNotMiss: false, roles: SME },
  loan_disbursed: { label: '贷款已放款', mustNotMiss: true, roles: SME },
  guarantee_decided: { label: '担保审核结果', mustNotMiss: false, roles: SME },
  grant_expiring: { label: '数据授权即将到期', mustNotMiss: true, roles: SME },
  sla_breach: { label: '贷款申请超时预警', mustNotMiss: true, roles: ['bank_officer', 'financial_office'] },
  question_answered: { label: '专家问答有新回答', mustNotMiss: false, roles: SME },
  product_reviewed: { label: '贷款产品审核结果', mustNotMiss: false, roles: ['bank_officer'] },
  bank_report_refused: { label: '银行系统回报未被受理', mustNotMiss: true, roles: ['bank_officer'] },
};

/** The kinds a person of `role` can be told of, in the catalogue's order. */
export const kindsFor = (role: Role): NotificationKind[] => NOTIFICATION_KINDS.filter((kind) => KIND_RULES[kind].roles.includes(role));

export interface Channels {
  inPlatform: boolean;
  sms: boolean;
}

/** A user's stored choice for one kind; absent means the defaults. */
export type StoredChoice = Channels | undefined;

export function defaultChannels(kind: NotificationKind): Channels {
  return { inPlatform: true, sms: KIND_RULES[kind].mustNotMiss };
}

/** The channels a message of `kind` goes out on for a user with `choice`: the inbox cannot be turned off for a must-not-miss kind. */
export function effectiveChannels(kind: NotificationKind, choice: StoredChoice): Channels {
  const chosen = choice ?? defaultChannels(kind);
  return { inPlatform: chosen.inPlatform || KIND_RULES[kind].mustNotMiss, sms: chosen.sms };
}
