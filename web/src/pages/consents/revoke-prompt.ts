import { ElMessageBox } from 'element-plus';
import { h, type VNode } from 'vue';
import { getRevocationImpact, type Consent } from '@/api/consents-api';
import type { Schemas } from '@/api/schemas';
import { PURPOSE_LABELS, SCOPE_LABELS } from '@/format/consent-labels';
import { useRequest } from '@/composables/use-request';
import { formatDateTime } from '@/format/date';

/**
 * What revoking does, as the server computed it: the next read under this grant is refused, but
 * the enterprise's other grants to the same institution keep whatever they allow, scope by scope
 * until their end; reads already made stay with the institution.
 */
export function revocationMessage(consent: Consent, impact: Schemas['RevocationImpact']): VNode {
  const name = consent.grantee.name;
  const lines: VNode[] = [h('p', `撤销后，${name}将不能再依据本授权查询本企业的信用信息（下一次查询即被拒绝），且不可恢复。`)];
  if (impact.stillReadable.length) {
    lines.push(
      h('p', { 'data-test': 'revoke-still-readable' }, [
        h('strong', `注意：本企业另有 ${impact.remaining.length} 份授权仍允许${name}查询以下数据：`),
      ]),
      h(
        'ul',
        impact.stillReadable.map((s) => h('li', `${SCOPE_LABELS[s.scope]}：至 ${formatDateTime(s.until)}`)),
      ),
      h(
        'p',
        `这些授权的用途：${[...new Set(impact.remaining.map((g) => PURPOSE_LABELS[g.purpose]))].join('、')}。如需全部停止，请在授权管理中逐一撤销。`,
      ),
    );
  } else {
    lines.push(h('p', { 'data-test': 'revoke-none-left' }, `本企业没有其他授权允许${name}查询，撤销后该机构将无法再查询本企业的任何信用信息。`));
  }
  if (impact.readsMade > 0 && impact.lastReadAt) {
    lines.push(h('p', `该机构已依据本授权查询 ${impact.readsMade} 次（最近一次 ${formatDateTime(impact.lastReadAt)}），撤销不会收回已查询的结果，但其案卷中的留存结果将不能再查看。`));
  }
  lines.push(h('p', '如需说明原因请填写（选填）：'));
  return h('div', { class: 'revoke-message' }, lines);
}

/**
 * Asks the enterprise to confirm 撤销授权, telling it what stays readable, with an optional
 * reason. Resolves to the reason ('' for none), or undefined when cancelled or when what
 * revoking leaves could not be computed (the user is told; nothing is guessed).
 */
export async function askRevokeReason(consent: Consent): Promise<string | undefined> {
  const impact = await useRequest(getRevocationImpact).run(consent.id);
  if (!impact) return undefined;
  try {
    const answer = await ElMessageBox.prompt(revocationMessage(consent, impact), '确认撤销授权', {
      confirmButtonText: '确认撤销',
      cancelButtonText: '取消',
      confirmButtonClass: 'el-button--danger',
      inputPlaceholder: '撤销原因（选填，最长200字）',
      inputValidator: (value) => (value ?? '').length <= 200 || '原因最长200个字符',
      type: 'warning',
    });
    return (answer as { value?: string }).value?.trim() ?? '';
  } catch {
    return undefined;
  }
}
