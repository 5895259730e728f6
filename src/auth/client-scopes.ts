import type { InstitutionType } from '../platform/roles.js';

/**
 * What each machine-client scope allows: the one table the client-scope guard
 * (`src/auth/client-scope-guard.ts`) reads. Operations are the operationIds of
 * `specs/openapi.yaml`. A machine client may call an operation only when one of its scopes lists
 * it; an operation no scope lists is closed to every machine client, so a route added later stays
 * closed until it is added here. People are governed by their role alone.
 *
 * `consents:read` also covers terminating a grant: it always did (the portal labels it
 * 查看与终止授权), and clients created before the other scopes existed rely on it.
 * `webhooks:test` sends the institution's event address a test event and reads how it went: the
 * system that serves the address checks its signature verification itself (decision 0055).
 */
export const CLIENT_SCOPE_OPERATIONS = {
  'profile:read': ['readEnterpriseProfile', 'getApplicantProfile', 'getEnterpriseCreditReport', 'getGuaranteeApplicantProfile'],
  'consents:read': ['listGrantsToInstitution', 'getConsent', 'terminateConsent'],
  'applications:read': ['listBankLoanApplications', 'getBankLoanApplication'],
  'applications:write': ['acceptLoanApplication', 'decideLoanApplication'],
  'loans:write': ['recordDisbursement', 'recordRepayment'],
  'products:read': ['listLoanProducts', 'getLoanProduct'],
  'products:write': ['createLoanProduct', 'updateLoanProduct'],
  'demands:read': ['listOpenFinancingDemands'],
  'demands:write': ['acceptFinancingDemand'],
  'precredit:read': ['listPrecreditWhitelist', 'listPrecreditChanges', 'exportPrecreditWhitelist', 'listPrecreditRuns', 'startPrecreditRun', 'getPrecreditRun', 'listPrecreditInputs'],
  'guarantees:read': [
    'listGuarantees',
    'getGuarantee',
    'getGuaranteeLetterTerms',
    'getGuaranteeCompensation',
    'getGuaranteeMonthlyReport',
    'downloadGuaranteeMonthlyReport',
    'listGuaranteeProducts',
    'getGuaranteeCapacity',
  ],
  'guarantees:write': ['decideGuarantee'],
  'guarantee-payments:write': ['recordGuaranteeFeePayment', 'compensateGuarantee', 'recordGuaranteeRecovery'],
  'webhooks:test': ['sendInstitutionWebhookTest', 'getInstitutionWebhookTest'],
} as const satisfies Record<string, readonly string[]>;

export type ClientScope = keyof typeof CLIENT_SCOPE_OPERATIONS;
export const CLIENT_SCOPES = Object.keys(CLIENT_SCOPE_OPERATIONS) as [ClientScope, ...ClientScope[]];

/**
 * Open to any machine client whatever its scopes: public keys to verify consent artefacts, and the
 * token endpoint (a client that sends its old token along still has to present its secret).
 */
export const ANY_CLIENT_OPERATIONS: readonly string[] = ['getPlatformKeys', 'issueClientToken'];

/** The scopes given to a client created without naming any: the two that existed first. */
export const DEFAULT_CLIENT_SCOPES: readonly ClientScope[] = ['consents:read', 'profile:read'];

/** Scopes that open a guarantee company's own book: a bank's client has no guarantee book. */
const GUARANTEE_BOOK_SCOPES: readonly ClientScope[] = ['guarantees:read', 'guarantees:write', 'guarantee-payments:write'];

/**
 * Which scopes each kind of institution may give its clients (guarantee companies do not lend).
 * `guarantees:read` lets a guarantee company's own system follow its 担保 cases, their 代偿 and
 * 追偿 and its monthly report, as its officers do. As a bank's system records its officers'
 * decisions (`applications:write`) and money (`loans:write`), a guarantee company's 担保业务系统
 * records 同意担保 / 不予担保 (`guarantees:write`) and 保费, 代偿 and 追偿 (`guarantee-payments:write`):
 * officer-only, they were keyed twice, once in its system and once in 担保工作台. The same rules
 * hold (the firm cap, the fee due, the 代偿 cap); the portal's confirmations are for people.
 */
export const SCOPES_BY_INSTITUTION: Partial<Record<InstitutionType, readonly ClientScope[]>> = {
  bank: CLIENT_SCOPES.filter((scope) => !GUARANTEE_BOOK_SCOPES.includes(scope)),
  guarantee_company: ['profile:read', 'consents:read', 'webhooks:test', ...GUARANTEE_BOOK_SCOPES],
};

const allowedBy = new Map<string, ClientScope[]>();
for (const scope of CLIENT_SCOPES) {
  for (const operationId of CLIENT_SCOPE_OPERATIONS[scope]) allowedBy.set(operationId, [...(allowedBy.get(operationId) ?? []), scope]);
}

/** Whether a machine client holding `scopes` may call `operationId` (undefined: no known operation). */
export function clientMayCall(scopes: readonly string[], operationId: string | undefined): boolean {
  if (operationId === undefined) return false;
  if (ANY_CLIENT_OPERATIONS.includes(operationId)) return true;
  return (allowedBy.get(operationId) ?? []).some((scope) => scopes.includes(scope));
}

/** The scopes that would allow `operationId`, for the refusal message. */
export const scopesFor = (operationId: string): readonly ClientScope[] => allowedBy.get(operationId) ?? [];
