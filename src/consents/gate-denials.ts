import { DomainError } from '../platform/errors.js';

/** Why the consent gate refused a read; each is its own stable problem code. */
export const GATE_DENIALS = [
  'CONSENT_NOT_FOUND',
  'CONSENT_PURPOSE_MISMATCH',
  'CONSENT_REVOKED',
  'CONSENT_TERMINATED',
  'CONSENT_EXPIRED',
  'CONSENT_NOT_YET_VALID',
  'CONSENT_SCOPE_NOT_GRANTED',
  'CONSENT_ALREADY_USED',
  'CONSENT_FREQUENCY_EXCEEDED',
  'CONSENT_HELD_FOR_APPLICATION',
] as const;
export type GateDenial = (typeof GATE_DENIALS)[number];

/** 拒绝原因 as the enterprise reads it in 查询记录 (the refused institution gets the gate's own wording). */
export const REFUSAL_REASON_LABELS: Record<GateDenial, string> = {
  CONSENT_NOT_FOUND: '本企业未向该机构授权',
  CONSENT_PURPOSE_MISMATCH: '查询用途不在授权范围内',
  CONSENT_REVOKED: '授权已被本企业撤销',
  CONSENT_TERMINATED: '授权已被该机构终止',
  CONSENT_EXPIRED: '授权已过有效期',
  CONSENT_NOT_YET_VALID: '授权尚未生效',
  CONSENT_SCOPE_NOT_GRANTED: '请求的数据类别超出授权范围',
  CONSENT_ALREADY_USED: '一次性授权已使用',
  CONSENT_FREQUENCY_EXCEEDED: '超过授权约定的查询频次',
  CONSENT_HELD_FOR_APPLICATION: '一次性授权仅供所属贷款申请的审查读取',
};

/** The request parameter a refusal concerns, where the read named it (the purpose, the scopes). */
const REFUSED_PARAMETER: Partial<Record<GateDenial, string>> = { CONSENT_PURPOSE_MISMATCH: 'purpose', CONSENT_SCOPE_NOT_GRANTED: 'scopes' };

/** A gate refusal of a read that took `purpose` and `scopes` as parameters, naming the one at fault in `errors[]`. */
export function namingParameter(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const field = REFUSED_PARAMETER[error.code as GateDenial];
  return field ? new DomainError(error.kind, error.code, error.message, [{ field, code: error.code, message: error.message }], error.extensions) : error;
}
