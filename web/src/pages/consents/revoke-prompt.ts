import { ElMessageBox } from 'element-plus';
import type { Consent } from '@/api/consents-api';

/**
 * Asks the enterprise to confirm 撤销授权, with an optional reason. Resolves to the reason
 * ('' for none), or undefined when the user cancelled.
 */
export async function askRevokeReason(consent: Consent): Promise<string | undefined> {
  try {
    const answer = await ElMessageBox.prompt(
      `撤销后，${consent.grantee.name}将无法再查询本企业的信用信息（下一次查询即被拒绝），且不可恢复。如需说明原因请填写（选填）：`,
      '确认撤销授权',
      {
        confirmButtonText: '确认撤销',
        cancelButtonText: '取消',
        confirmButtonClass: 'el-button--danger',
        inputPlaceholder: '撤销原因（选填，最长200字）',
        inputValidator: (value) => (value ?? '').length <= 200 || '原因最长200个字符',
        type: 'warning',
      },
    );
    return (answer as { value?: string }).value?.trim() ?? '';
  } catch {
    return undefined;
  }
}
