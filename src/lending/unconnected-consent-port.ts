import { DomainError } from '../platform/errors.js';
import type { ApplicationConsentPort } from './ports.js';

/**
 * Stands in for the consent service (issue #5) until it is wired in: submissions record no
 * grant (`consentGrantId` stays null) and profile reads are refused with 503, so no profile
 * data can leave the platform without the consent gate.
 */
export const unconnectedConsentPort: ApplicationConsentPort = {
  async grantForApplication() {
    return { grantId: null };
  },
  async readProfileForApplication() {
    throw new DomainError('unavailable', 'CONSENT_GATE_NOT_CONNECTED', '授权服务尚未接入，暂不能查看企业信用档案');
  },
};
