import { describe, expect, it } from 'vitest';
import { checkStartupLoan, lprOn, startupPolicyOn, type StartupLoanPolicy } from './startup-loan-policy.js';
import { subsidySchedule } from './startup-loan-subsidy.js';

const policy = (date: string, region?: string): StartupLoanPolicy => startupPolicyOn(date, region)!;
const pick = (rows: ReturnType<typeof subsidySchedule>) => rows.map((r) => [r.outstanding, r.interest, r.subsidy, r.borrowerPays]);

describe('创业担保贷款 policy table', () => {
  it('picks the generation by issue date and a regional row over the national one', () => {
    expect(startupPolicyOn('2020-12-31')).toBeUndefined();
    expect(policy('2022-05-17').code).toBe('CN-2020-21');
    expect(policy('2022-05-18').code).toBe('CN-2022');
    expect(policy('2024-10-01').code).toBe('CN-2022');
    expect(policy('2024-10-01', '深圳').code).toBe('SZ-2024-1');
    expect(lprOn('2021-06-01')).toBe('3.85');
    expect(lprOn('2023-03-01')).toBe('3.65');
    expect(lprOn('2024-10-21')).toBe('3.10');
  });

  it('applies caps with the job-creation uplift, partnership and hiring rules, renewals and 反担保', () => {
    const sz = policy('2024-10-01', '深圳');
    const individual = { borrowerType: 'individual' as const, amount: '600000.00', termMonths: 36, renewals: 0, jobsCreated: 5 };
    expect(checkStartupLoan(sz, individual)).toEqual({ reasons: [], counterGuaranteeRequired: true });
    expect(checkStartupLoan(sz, { ...individual, jobsCreated: 4 }).reasons).toEqual(['贷款金额超过上限 300,000.00 元']);
    const gen2 = policy('2023-03-01');
    // 3 partners × 300,000 × 110 % = 990,000.
    expect(checkStartupLoan(gen2, { borrowerType: 'partnership', amount: '990000.00', termMonths: 36, renewals: 3, jobsCreated: 0, partners: 3 }).reasons).toEqual([]);
    expect(checkStartupLoan(gen2, { borrowerType: 'partnership', amount: '990000.01', termMonths: 36, renewals: 4, jobsCreated: 0, partners: 3 }).reasons).toEqual([
      '贷款金额超过上限 990,000.00 元',
      '续贷贴息最多 3 次',
    ]);
    // 150 staff: 5 % must be new eligible hires, 7.5 people; 7 is short. Gen 1 asked 8 %, 12 people; 11 is short.
    const firm = { borrowerType: 'small_firm' as const, amount: '2000000.00', termMonths: 24, renewals: 0, jobsCreated: 0, staff: 150, newHires: 7 };
    expect(checkStartupLoan(gen2, firm).reasons).toEqual(['当年新招用符合条件人员未达职工总数的 5%']);
    expect(checkStartupLoan(gen2, { ...firm, newHires: 8 }).reasons).toEqual([]);
    expect(checkStartupLoan(policy('2021-06-01'), { ...firm, newHires: 11, termMonths: 36 }).reasons).toEqual(['贷款期限超过 24 个月', '当年新招用符合条件人员未达职工总数的 8%']);
    expect(checkStartupLoan(gen2, { ...individual, amount: '100000.00', jobsCreated: 0 }).counterGuaranteeRequired).toBe(false);
  });
});

describe('贴息 per repayment period against hand-computed schedules', () => {
  it('generation 1 (LPR − 150BP borne by the borrower): quarterly interest, principal at maturity', () => {
    // Issued 2021-06-01, LPR 3.85 %: the borrower bears 2.35 %, finance 4.90 − 2.35 = 2.55 %.
    // Quarter: 123,456.78 × 4.90 % × 3/12 = 1,512.3456 → 1,512.35.
    // Subsidy: 123,456.78 × 2.55 % × 3/12 = 787.0370 → 787.04; the borrower pays 1,512.35 − 787.04 = 725.31.
    const p = policy('2021-06-01');
    const rows = subsidySchedule(p, {
      amount: '123456.78',
      ratePct: '4.90',
      lprPct: lprOn('2021-06-01')!,
      periods: [0, 0, 0, 1].map((last) => ({ months: 3, principal: last ? '123456.78' : '0' })),
    });
    expect(pick(rows)).toEqual(Array.from({ length: 4 }, () => ['123456.78', '1512.35', '787.04', '725.31']));
    // 78,704 fen by 中央 50 / 省 25 / 市 25.
    expect(rows[0]!.coFunding).toEqual([
      { level: 'central', amount: '393.52' },
      { level: 'province', amount: '196.76' },
      { level: 'city', amount: '196.76' },
    ]);
  });

  it('generation 1 subsidises no more than up to LPR + 150BP', () => {
    // 200,000 at 6.00 %, LPR 3.85: subsidised 5.35 − 2.35 = 3.00 % → 1,500.00 of 3,000.00 a quarter.
    const rows = subsidySchedule(policy('2021-06-01'), { amount: '200000.00', ratePct: '6.00', lprPct: '3.85', periods: [{ months: 3, principal: '200000.00' }] });
    expect(pick(rows)).toEqual([['200000.00', '3000.00', '1500.00', '1500.00']]);
  });

  it('generation 2 (50 % of the actual rate): monthly, equal principal', () => {
    // Issued 2023-03-01 at 3.65 %. Month 1: 300,000 → 912.50, half 456.25. Month 2: 200,000 → 608.333 → 608.33,
    // subsidy 304.1667 → 304.17, borrower 304.16. Month 3: 100,000 → 304.17, subsidy 152.0833 → 152.08, borrower 152.09.
    const rows = subsidySchedule(policy('2023-03-01'), {
      amount: '300000.00',
      ratePct: '3.65',
      lprPct: lprOn('2023-03-01')!,
      periods: [1, 2, 3].map(() => ({ months: 1, principal: '100000.00' })),
    });
    expect(pick(rows)).toEqual([
      ['300000.00', '912.50', '456.25', '456.25'],
      ['200000.00', '608.33', '304.17', '304.16'],
      ['100000.00', '304.17', '152.08', '152.09'],
    ]);
    // 45,625 fen: 22,812.5 / 11,406.25 / 11,406.25 → the odd fen to the centre's .5.
    expect(rows[0]!.coFunding.map((c) => c.amount)).toEqual(['228.13', '114.06', '114.06']);
  });

  it('generation 2 halves the interest only up to LPR + 150BP', () => {
    // 100,000 at 6.00 % with LPR 3.45: interest 500.00; subsidy 50 % × 4.95 % / 12 = 206.25.
    const rows = subsidySchedule(policy('2024-01-10'), { amount: '100000.00', ratePct: '6.00', lprPct: lprOn('2024-01-10')!, periods: [{ months: 1, principal: '100000.00' }] });
    expect(pick(rows)).toEqual([['100000.00', '500.00', '206.25', '293.75']]);
  });
});
