import type { DbOrTrx } from '../../db/database.js';
import { CONSENT_SCOPES } from '../../consents/consent.js';
import type { ConsentGate } from '../../consents/consent-gate.js';
import type { ConsentService } from '../../consents/consent-service.js';
import type { ApplicationConsentPort } from './ports.js';

/** Reads during review: several officers may open the profile while deciding. */
const REVIEW_READS_PER_DAY = 50;

/**
 * Lending through the consent service (issue #5). Submitting an application creates, in the same
 * transaction, the enterprise's `loan_application` grant to that bank for every data category,
 * tied to the application; the officer's profile view is a read through the consent gate, so it
 * is checked, logged and filtered like any other institution read.
 */
export function consentGatePort(deps: {
  consents: ConsentService;
  gate: ConsentGate;
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
}): ApplicationConsentPort {
  return {
    async grantForApplication(tx, g) {
      const grant = await deps.consents.grantIn(
        tx,
        { userId: g.grantedBy, role: 'enterprise', institutionId: null, enterpriseId: g.enterpriseId },
        {
          granteeInstitutionId: g.bankId,
          scopes: [...CONSENT_SCOPES],
          purpose: 'loan_application',
          applicationId: g.applicationId,
          validUntil: g.validUntil,
          fetchType: 'PERIODIC',
          frequency: { unit: 'DAY', value: REVIEW_READS_PER_DAY },
        },
      );
      return { grantId: grant.id };
    },
    async readProfileForApplication(db, r) {
      const uscc = await deps.usccOf(db, r.enterpriseId);
      const read = await deps.gate.read(
        { institutionId: r.bankId, userId: r.reader.clientId ? null : r.reader.userId, clientId: r.reader.clientId ?? null, requestId: r.requestId },
        { uscc, purpose: 'loan_application', scopes: [] },
      );
      return { ...read };
    },
  };
}
