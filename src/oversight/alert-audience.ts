import { forbidden } from '../platform/errors.js';
import { isInstitutionAdmin, type Principal } from '../platform/roles.js';
import type { AlertAudience } from './alert-store.js';

/**
 * Whose 待处理预警 a caller works on: the financial office its own list (the admin may read it),
 * a bank's institution admin that bank's list. Anyone else is refused.
 */
export function alertAudienceOf(principal: Principal, acknowledging: boolean): AlertAudience {
  if (principal.role === 'financial_office' || (principal.role === 'admin' && !acknowledging)) return { audience: 'office' };
  if (principal.role === 'bank_officer' && isInstitutionAdmin(principal)) return { audience: 'bank', bankId: principal.institutionId! };
  throw forbidden('ROLE_FORBIDDEN', '当前角色无权执行此操作');
}
