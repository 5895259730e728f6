import type { DbOrTrx } from '../../db/database.js';
import { gateDenial, type ConsentGate } from '../../consents/consent-gate.js';
import type { ConsentService } from '../../consents/consent-service.js';
import type { Principal } from '../../platform/roles.js';
import { REVIEW_READS_PER_DAY } from '../consent-terms.js';
import type { ApplicationConsentPort } from './ports.js';

const DAY_MS = 86_400_000;

/**
 * Lending through the consent service (issue #5). Submitting an application creates, in the same
 * transaction, the enterprise's `loan_application` grant to that bank with the terms it chose
 * (scopes, period, ONETIME or PERIODIC), tied to the application; the officer's profile view is a read through the consent gate, so it
 * is checked, logged and filtered like any other institution read.
 */
export function consentGatePort(deps: {
  consents: ConsentService;
  gate: ConsentGate;
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  now(): Date;
}): ApplicationConsentPort {
  return {
    async grantForApplication(tx, g) {
      const validFrom = deps.now();
      const grant = await deps.consents.grantIn(
        tx,
        { userId: g.grantedBy, role: 'enterprise', institutionId: null, enterpriseId: g.enterpriseId },
        {
          granteeInstitutionId: g.bankId,
          scopes: g.terms.scopes,
          purpose: 'loan_application',
          applicationId: g.applicationId,
          validFrom,
          validUntil: new Date(validFrom.getTime() + g.terms.validDays * DAY_MS),
          fetchType: g.terms.fetchType,
          frequency: g.terms.fetchType === 'PERIODIC' ? { unit: 'DAY', value: REVIEW_READS_PER_DAY } : null,
        },
      );
      return { grantId: grant.id };
    },
    async readProfileForApplication(db, r) {
      const uscc = await deps.usccOf(db, r.enterpriseId);
      const read = await deps.gate.read(
        { institutionId: r.bankId, userId: r.reader.clientId ? null : r.reader.userId, clientId: r.reader.clientId ?? null, requestId: r.requestId },
        { uscc, purpose: 'loan_application', scopes: [], ...(r.grantId ? { grantId: r.grantId } : {}) },
      );
      const grant = await deps.consents.get(forBank(r.reader, r.bankId), read.grantId);
      return { profile: { ...read }, grantId: read.grantId, onetime: grant.fetchType === 'ONETIME' };
    },
    async assertGrantLive(_db, c) {
      const grant = await deps.consents.get(forBank(c.reader, c.bankId), c.grantId);
      if (grant.status === 'REVOKED') throw gateDenial('CONSENT_REVOKED');
      if (grant.status === 'TERMINATED') throw gateDenial('CONSENT_TERMINATED');
      if (grant.status === 'EXPIRED' || grant.validUntil.getTime() <= deps.now().getTime()) throw gateDenial('CONSENT_EXPIRED');
    },
  };
}

/**
 * The reader as the grant sees it: the grant names the bank, and lending has already decided that
 * this person may act for it (`BankAccess`: the head office's people, or a branch officer the
 * application is assigned to), so a branch officer looks the grant up as the bank's.
 */
function forBank(reader: Principal, bankId: string): Principal {
  return reader.institutionId === bankId ? reader : { ...reader, institutionId: bankId };
}
