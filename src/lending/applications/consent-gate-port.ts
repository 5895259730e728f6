import type { DbOrTrx } from '../../db/database.js';
import { gateCallerOf, type ConsentGate } from '../../consents/consent-gate.js';
import type { ConsentService } from '../../consents/consent-service.js';
import type { ConsentGrantView } from '../../consents/consent.js';
import type { GateDenial } from '../../consents/gate-denials.js';
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
      const read = await deps.gate.read(gateCallerOf(r.reader, r.bankId, r.requestId), { uscc, purpose: 'loan_application', scopes: [], ...(r.grantId ? { grantId: r.grantId } : {}) });
      const grant = await deps.consents.get(forBank(r.reader, r.bankId), read.grantId);
      return { profile: { ...read }, grantId: read.grantId, onetime: grant.fetchType === 'ONETIME' };
    },
    async assertGrantLive(db, c) {
      const denial = endOf(await deps.consents.get(forBank(c.reader, c.bankId), c.grantId), deps.now());
      if (!denial) return;
      // The case file was read under this grant, and all of it: the refusal names both.
      await deps.gate.refuse(gateCallerOf(c.reader, c.bankId, c.requestId), { uscc: await deps.usccOf(db, c.enterpriseId), purpose: 'loan_application', scopes: [], grantId: c.grantId }, denial);
    },
    async refuseUngranted(db, r) {
      return deps.gate.refuse(gateCallerOf(r.reader, r.bankId, r.requestId), { uscc: await deps.usccOf(db, r.enterpriseId), purpose: 'loan_application', scopes: [] }, 'CONSENT_NOT_FOUND');
    },
  };
}

/** Why a grant no longer opens its case file, as the gate would say; undefined while it is in force. */
function endOf(grant: Pick<ConsentGrantView, 'status' | 'validUntil'>, now: Date): GateDenial | undefined {
  if (grant.status === 'REVOKED') return 'CONSENT_REVOKED';
  if (grant.status === 'TERMINATED') return 'CONSENT_TERMINATED';
  if (grant.status === 'EXPIRED' || grant.validUntil.getTime() <= now.getTime()) return 'CONSENT_EXPIRED';
  return undefined;
}

/**
 * The reader as the grant sees it: the grant names the bank, and lending has already decided that
 * this person may act for it (`BankAccess`: the head office's people, or a branch officer the
 * application is assigned to), so a branch officer looks the grant up as the bank's.
 */
function forBank(reader: Principal, bankId: string): Principal {
  return reader.institutionId === bankId ? reader : { ...reader, institutionId: bankId };
}
