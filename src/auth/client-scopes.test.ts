import { describe, expect, it } from 'vitest';
import { CLIENT_SCOPES, clientMayCall, DEFAULT_CLIENT_SCOPES, SCOPES_BY_INSTITUTION } from './client-scopes.js';

describe('the machine-client scope table', () => {
  it('denies by default: no scope, an unlisted operation or an unknown route', () => {
    expect(clientMayCall([], 'acceptLoanApplication')).toBe(false);
    expect(clientMayCall(['consents:read'], 'acceptLoanApplication')).toBe(false);
    expect(clientMayCall([...CLIENT_SCOPES], 'publishLoanProduct')).toBe(false);
    expect(clientMayCall([...CLIENT_SCOPES], undefined)).toBe(false);
  });

  it('allows an operation to a scope that lists it, and the open ones to any client', () => {
    expect(clientMayCall(['applications:write'], 'acceptLoanApplication')).toBe(true);
    expect(clientMayCall(['loans:write'], 'recordDisbursement')).toBe(true);
    expect(clientMayCall([], 'getPlatformKeys')).toBe(true);
  });

  it('keeps the first two scopes as the default, and guarantee companies away from lending', () => {
    expect([...DEFAULT_CLIENT_SCOPES].sort()).toEqual(['consents:read', 'profile:read']);
    const book = ['guarantees:read', 'guarantees:write', 'guarantee-payments:write'];
    expect(SCOPES_BY_INSTITUTION.guarantee_company).toEqual(['profile:read', 'consents:read', 'webhooks:test', ...book]);
    // A guarantee company's book is its own: no bank client reads or writes it.
    expect(SCOPES_BY_INSTITUTION.bank).toEqual(CLIENT_SCOPES.filter((s) => !book.includes(s)));
    expect(SCOPES_BY_INSTITUTION.financial_office).toBeUndefined();
  });
});
