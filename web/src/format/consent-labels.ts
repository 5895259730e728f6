import { PURPOSE_LABELS } from '@server/consents/consent';
import { REFUSAL_REASON_LABELS } from '@server/consents/gate-denials';
import { PROFILE_SCOPES, SCOPE_LABELS } from '@server/platform/profile-scopes';
import type { Schemas } from '@/api/schemas';
import { formatDate } from './date';

/** How grants are named on screen; scope and purpose names are the server's own. */
export { PURPOSE_LABELS, REFUSAL_REASON_LABELS, SCOPE_LABELS };
export const CONSENT_SCOPES = PROFILE_SCOPES;

type Status = Schemas['ConsentStatus'];

export const STATUS_LABELS: Record<Status, string> = {
  ACTIVE: '生效中',
  REVOKED: '已撤销',
  EXPIRED: '已过期',
  TERMINATED: '已终止',
};

export const STATUS_TAG_TYPES: Record<Status, 'success' | 'info' | 'warning' | 'danger'> = {
  ACTIVE: 'success',
  REVOKED: 'danger',
  EXPIRED: 'info',
  TERMINATED: 'warning',
};

export const FETCH_TYPE_LABELS: Record<Schemas['Consent']['fetchType'], string> = {
  ONETIME: '一次性查询',
  PERIODIC: '定期查询',
};

export const FREQUENCY_UNIT_LABELS: Record<Schemas['ConsentFrequency']['unit'], string> = {
  HOUR: '每小时',
  DAY: '每天',
  WEEK: '每周',
  MONTH: '每月',
};

export const CLIENT_SCOPE_LABELS: Record<Schemas['ClientScope'], string> = {
  'profile:read': '查询企业信息（经授权校验）',
  'consents:read': '查看与终止授权',
  'applications:read': '查看贷款申请',
  'applications:write': '受理与审批贷款申请',
  'loans:write': '登记放款与还款',
  'products:read': '查看金融产品',
  'products:write': '创建与修改产品草稿',
  'demands:read': '查看融资需求',
  'demands:write': '融资需求抢单',
  'precredit:read': '获取预授信白名单',
  'guarantees:read': '查看担保业务、代偿追偿与月报',
  'guarantees:write': '同意担保与不予担保',
  'guarantee-payments:write': '登记保费、代偿与追偿',
  'webhooks:test': '发送测试事件并查看结果',
};

/** The guarantee company's own book: its clients' scopes, never a bank's. */
const GUARANTEE_BOOK_SCOPES: readonly Schemas['ClientScope'][] = ['guarantees:read', 'guarantees:write', 'guarantee-payments:write'];

/** Scopes a guarantee company's clients may hold (guarantee companies do not lend). */
export const GUARANTEE_CLIENT_SCOPES: readonly Schemas['ClientScope'][] = ['profile:read', 'consents:read', 'webhooks:test', ...GUARANTEE_BOOK_SCOPES];

/** Scopes a bank's clients may hold: all but the guarantee company's own book. */
export const BANK_CLIENT_SCOPES: readonly Schemas['ClientScope'][] = (Object.keys(CLIENT_SCOPE_LABELS) as Schemas['ClientScope'][]).filter(
  (s) => !GUARANTEE_BOOK_SCOPES.includes(s),
);

export function frequencyText(consent: Pick<Schemas['Consent'], 'fetchType' | 'frequency'>): string {
  if (consent.fetchType === 'ONETIME' || !consent.frequency) return FETCH_TYPE_LABELS[consent.fetchType];
  return `${FETCH_TYPE_LABELS.PERIODIC}（${FREQUENCY_UNIT_LABELS[consent.frequency.unit]}最多 ${consent.frequency.value} 次）`;
}

/** Scope names in the platform's own order (登记注册 first), whatever order they came in. */
export function scopeListText(scopes: readonly Schemas['ConsentScope'][]): string {
  return CONSENT_SCOPES.filter((s) => scopes.includes(s)).map((s) => SCOPE_LABELS[s]).join('、');
}

/** The terms an enterprise chose for a loan review (数据授权范围, 期限, 频次), in one line; null: the defaults. */
export function reviewTermsText(terms: Schemas['ConsentTerms'] | null): string {
  if (!terms) return '按平台默认范围授权';
  const how = terms.fetchType === 'ONETIME' ? '一次性' : '期限内多次';
  return `${scopeListText(terms.scopes)}；${terms.validDays} 天；${how}`;
}

/**
 * Who ended a grant, as the enterprise and the grantee read it. A person named as their party (a
 * self-registered enterprise's account bears the enterprise's name) is not named twice.
 */
export function endedByText(consent: Schemas['Consent']): string {
  const who = (party: string) =>
    consent.endedBy?.name && consent.endedBy.name !== party ? ` ${consent.endedBy.machineClient ? '机器客户端 ' : ''}${consent.endedBy.name}` : '';
  switch (consent.endedBy?.kind) {
    case 'enterprise':
      return `${consent.enterprise.name}${who(consent.enterprise.name)}（企业撤销）`;
    case 'institution':
      return `${consent.grantee.name}${who(consent.grantee.name)}（机构终止）`;
    case 'system':
      return '平台（有效期届满自动结束）';
    default:
      return '—';
  }
}

/**
 * A grant's period as the enterprise chose it: validUntil is exclusive (00:00 after the last day,
 * "至失效日当天 24:00"), so the last day shown is the one before it.
 */
export function validityText(consent: Pick<Schemas['Consent'], 'validFrom' | 'validUntil'>): string {
  return `${formatDate(consent.validFrom)} 至 ${formatDate(new Date(Date.parse(consent.validUntil) - 1).toISOString())}`;
}
