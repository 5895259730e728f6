import { fromFen, toFen } from '../../platform/money.js';
import { allocateFen } from '../risk-sharing.js';
import type { StartupLoanPolicy } from './startup-loan-policy.js';

/** A rate in units of 1/10,000 of a percent ("3.85" → 38,500), so rate arithmetic stays integer. */
const rateUnits = (pct: string): bigint => {
  const [whole = '0', fraction = ''] = pct.split('.');
  return BigInt(whole + fraction.padEnd(4, '0').slice(0, 4));
};
const BP = 100n; // one basis point in rate units

/** Interest on `fen` at `units` for `months`, rounded half up to the fen: fen × units × months / (100 × 10⁴ × 12). */
const interestFen = (fen: bigint, units: bigint, months: number): bigint => {
  const d = 12_000_000n;
  return (fen * units * BigInt(months) + d / 2n) / d;
};

export interface RepaymentPeriod {
  /** Months this period's interest runs (1 monthly, 3 quarterly). */
  months: number;
  /** Principal repaid at the end of the period (元). */
  principal: string;
}

export interface SubsidyRow {
  period: number;
  outstanding: string;
  interest: string;
  subsidy: string;
  borrowerPays: string;
  /** The subsidy by 中央 / 省 / 市, summing exactly to it. */
  coFunding: { level: string; amount: string }[];
}

/**
 * The 贴息 of each repayment period. Interest runs at the actual rate on the outstanding principal;
 * the subsidised rate is the actual rate capped at LPR + the policy's cap, then either the part
 * above LPR − 150BP (the borrower pays up to that) or the policy's share of it. Subsidy and
 * interest are each rounded half up to the fen; the borrower pays the difference, so the two
 * always add up to the interest. The LPR is the one in force on the issue date.
 */
export function subsidySchedule(policy: StartupLoanPolicy, loan: { amount: string; ratePct: string; lprPct: string; periods: readonly RepaymentPeriod[] }): SubsidyRow[] {
  const actual = rateUnits(loan.ratePct);
  const lpr = rateUnits(loan.lprPct);
  const capped = actual < lpr + BigInt(policy.rateCapOverLprBp) * BP ? actual : lpr + BigInt(policy.rateCapOverLprBp) * BP;
  let outstanding = toFen(loan.amount);
  return loan.periods.map((p, i) => {
    const interest = interestFen(outstanding, actual, p.months);
    let subsidy: bigint;
    if (policy.subsidy.kind === 'LPR_MINUS_150BP_BORROWER') {
      const borrowerRate = lpr - 150n * BP;
      subsidy = capped > borrowerRate ? interestFen(outstanding, capped - borrowerRate, p.months) : 0n;
    } else {
      const d = 12_000_000n * 10_000n;
      subsidy = (outstanding * capped * BigInt(p.months) * BigInt(policy.subsidy.shareBp) + d / 2n) / d;
    }
    if (subsidy > interest) subsidy = interest;
    const shares = subsidy === 0n ? policy.coFunding.map(() => 0n) : allocateFen(subsidy, policy.coFunding.map((c) => c.shareBp));
    const row: SubsidyRow = {
      period: i + 1,
      outstanding: fromFen(outstanding),
      interest: fromFen(interest),
      subsidy: fromFen(subsidy),
      borrowerPays: fromFen(interest - subsidy),
      coFunding: policy.coFunding.map((c, j) => ({ level: c.level, amount: fromFen(shares[j]!) })),
    };
    outstanding -= toFen(p.principal);
    return row;
  });
}
