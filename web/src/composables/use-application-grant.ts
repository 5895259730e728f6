import { computed, ref, watch, type Ref } from 'vue';
import { getConsent, type Consent } from '@/api/consents-api';
import type { Schemas } from '@/api/schemas';
import { formatDate } from '@/format/date';

type ApplicationEvent = Schemas['LoanApplicationDetail']['events'][number];

/** The submission event's detail naming the grant an institution reads an application's applicant under. */
export type GrantDetail = 'consentGrantId' | 'guaranteeConsentGrantId';

const ENDED: Record<Exclude<Consent['status'], 'ACTIVE'>, string> = {
  REVOKED: '企业已撤销为本笔申请所作的授权',
  TERMINATED: '贵机构已终止为本笔申请所作的授权',
  EXPIRED: '企业为本笔申请所作的授权已过有效期',
};

/**
 * Why the applicant's profile can no longer be read for this application, or undefined while it
 * can (or the grant cannot be looked up: the read then answers for itself). The read is checked
 * under the grant submission recorded, and one under an ended grant is refused and kept on the
 * enterprise's 查询记录, so the page says so instead of offering a read that cannot succeed.
 */
export function useApplicationGrant(events: Ref<readonly ApplicationEvent[] | undefined>, detail: GrantDetail) {
  const grant = ref<Consent>();
  const grantId = computed(() => {
    const ids = (events.value ?? []).map((e) => e.details?.[detail]).filter((id): id is string => typeof id === 'string');
    return ids.at(-1);
  });
  watch(
    grantId,
    async (id) => {
      grant.value = id ? await getConsent(id).catch(() => undefined) : undefined;
    },
    { immediate: true },
  );
  const ended = computed(() => {
    const g = grant.value;
    if (!g) return undefined;
    const status = g.status === 'ACTIVE' && new Date(g.validUntil).getTime() <= Date.now() ? 'EXPIRED' : g.status;
    if (status === 'ACTIVE') return undefined;
    return status === 'EXPIRED' ? `${ENDED.EXPIRED}（${formatDate(g.validUntil)} 到期），不能再查看企业画像` : `${ENDED[status]}，不能再查看企业画像`;
  });
  return { ended };
}
