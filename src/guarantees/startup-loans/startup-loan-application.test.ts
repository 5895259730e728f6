import { describe, expect, it } from 'vitest';
import { startupApplicationErrors } from './startup-loan-application.js';
import { STARTUP_LOAN_POLICIES } from './startup-loan-policy.js';

const policy = (code: string) => STARTUP_LOAN_POLICIES.find((p) => p.code === code)!;
const individual = { borrowerType: 'individual' as const, borrowerCategory: '退役军人', jobsCreated: 0, renewals: 0, counterGuarantee: true };

describe('startupApplicationErrors', () => {
  it('raises the cap with the job-creation uplift where the policy has one (深圳 2024)', () => {
    const sz = policy('SZ-2024-1');
    expect(startupApplicationErrors(sz, { amount: '500000', termMonths: 36, startupLoan: individual }).map((e) => e.field)).toEqual(['amount']);
    expect(startupApplicationErrors(sz, { amount: '500000', termMonths: 36, startupLoan: { ...individual, jobsCreated: 5 } })).toEqual([]);
    expect(startupApplicationErrors(sz, { amount: '600000.01', termMonths: 36, startupLoan: { ...individual, jobsCreated: 5 } }).map((e) => e.field)).toEqual(['amount']);
  });

  it('reads each generation: 2020 caps individuals at 200,000 and small firms at 24 months', () => {
    const first = policy('CN-2020-21');
    expect(startupApplicationErrors(first, { amount: '200000.01', termMonths: 12, startupLoan: individual })[0]!.message).toBe('贷款金额超过上限 200,000.00 元');
    const firm = { ...individual, borrowerType: 'small_firm' as const, staff: 120, newHires: 10 };
    // Above 100 staff the hiring ratio is 8 %: 10 of 120 qualifies; the term does not.
    expect(startupApplicationErrors(first, { amount: '1000000', termMonths: 36, startupLoan: firm }).map((e) => e.field)).toEqual(['termMonths']);
  });

  it('asks for what the borrower type needs before checking the rules, and 反担保 only above 100,000', () => {
    const now = policy('CN-2022');
    expect(startupApplicationErrors(now, { amount: '100000', termMonths: 12, startupLoan: { ...individual, borrowerType: 'partnership' } }).map((e) => e.field)).toEqual(['startupLoan.partners']);
    expect(startupApplicationErrors(now, { amount: '100000', termMonths: 12, startupLoan: { ...individual, counterGuarantee: false } })).toEqual([]);
    expect(startupApplicationErrors(undefined, { amount: '100000', termMonths: 12, startupLoan: individual }).map((e) => e.field)).toEqual(['productId']);
  });
});
