import { describe, expect, it } from 'vitest';
import { decideAutomatically, indicatorsOf, riskPoints, stepsFor, type IndicatorValue, type ProductTerms } from './bank-policy.js';

const product: ProductTerms = { minAmount: '100000.00', maxAmount: '2000000.00', minTermMonths: 6, maxTermMonths: 36, minRate: '3.8000', maxRate: '5.0000' };
const today = '2026-12-05';
const clean: Record<string, IndicatorValue> = {
  on_serious_dishonesty_list: false,
  dishonest_executed_person: false,
  registration_status: '存续',
  latest_tax_grade: 'A',
  tax_arrears_latest: '0.00',
  penalties_36_months: 0,
  latest_penalty_date: null,
  open_execution_cases: 0,
  social_security_arrears_months_last_12: 0,
  utility_on_time_rate: 100,
};
const decide = (over: Record<string, IndicatorValue> = {}, requested = { amount: '500000.00', termMonths: 12 }, terms = product) =>
  decideAutomatically({ requested, product: terms, indicators: new Map(Object.entries({ ...clean, ...over })), today });

describe('the automatic bank', () => {
  it('declines a firm on the 严重失信主体名单 with the list named, whatever else its profile says', () => {
    const d = decide({ on_serious_dishonesty_list: true, current_list_types: '失信被执行人名单' });
    expect(d).toEqual({ kind: 'decline', reason: 'POLICY_NOT_MET', note: '企业列入严重失信主体名单（失信被执行人名单），按本行准入政策不予授信' });
  });

  it.each([
    [{ dishonest_executed_person: true }, 'POLICY_NOT_MET', '失信被执行人'],
    [{ registration_status: '吊销' }, 'POLICY_NOT_MET', '吊销'],
    [{ tax_arrears_latest: '1200.50' }, 'INSUFFICIENT_REPAYMENT_CAPACITY', '欠税 1200.50 元'],
    [{ latest_tax_grade: 'D' }, 'LOW_CREDIT_SCORE', 'D 级'],
  ] as const)('knocks out %j', (over, reason, words) => {
    const d = decide(over);
    expect(d.kind).toBe('decline');
    expect(d).toMatchObject({ reason });
    expect(d.note).toContain(words);
  });

  it('prices a clean A-grade firm at the floor and lends what it asked for', () => {
    expect(decide()).toMatchObject({ kind: 'approve', amount: '500000.00', rate: '3.80', termMonths: 12 });
  });

  it('prices risk inside the range and never beyond the cap, however bad', () => {
    const worst = decide({ latest_tax_grade: 'C', latest_penalty_date: '2026-06-01', open_execution_cases: 2, social_security_arrears_months_last_12: 3, utility_on_time_rate: 50 });
    expect(worst).toMatchObject({ kind: 'approve', rate: '5.00', amount: '250000.00' });
    const middling = decide({ latest_tax_grade: 'B', penalties_36_months: 1, latest_penalty_date: '2024-01-01' });
    expect(middling).toMatchObject({ kind: 'approve', rate: '4.20', amount: '500000.00' });
  });

  it('counts a penalty within 12 months double, and one older once', () => {
    expect(riskPoints(new Map(Object.entries({ ...clean, latest_penalty_date: '2026-01-10', penalties_36_months: 1 })), today).points).toBe(2);
    expect(riskPoints(new Map(Object.entries({ ...clean, latest_penalty_date: '2025-11-10', penalties_36_months: 1 })), today).points).toBe(1);
  });

  it('keeps the amount within the product and the request, and the term within the product', () => {
    expect(decide({}, { amount: '9000000.00', termMonths: 60 })).toMatchObject({ amount: '2000000.00', termMonths: 36 });
    expect(decide({}, { amount: '120000.50', termMonths: 3 })).toMatchObject({ amount: '120000.50', termMonths: 6 });
    expect(decide({}, { amount: '99999.99', termMonths: 12 })).toMatchObject({ kind: 'decline', reason: 'POLICY_NOT_MET' });
    // Halving a risky request never goes below the product's minimum.
    const risky = { latest_tax_grade: 'C', open_execution_cases: 1 };
    expect(decide(risky, { amount: '150000.00', termMonths: 12 })).toMatchObject({ kind: 'approve', amount: '100000.00' });
  });

  it('rounds the floor up and the cap down when the range has more decimals than a callback carries', () => {
    const odd = { ...product, minRate: '3.4550', maxRate: '3.4590' };
    expect(decide({}, undefined, odd)).toMatchObject({ rate: '3.4550' });
    expect(decide({}, undefined, { ...product, minRate: '3.4550', maxRate: '4.0000' })).toMatchObject({ rate: '3.46' });
  });

  it('plays a decline as one rejection carrying the reason, an approval as approve, sign and disburse', () => {
    expect(stepsFor({ kind: 'decline', reason: 'FRAUD', note: '理由' })).toEqual([{ event: 'rejected', reason: 'FRAUD', note: '理由' }]);
    expect(stepsFor({ kind: 'approve', amount: '1.00', rate: '4.00', termMonths: 12, note: '' }).map((s) => s.event)).toEqual(['approved', 'contracted', 'disbursed']);
  });

  it('reads indicators from every section of a gated profile and ignores what is not one', () => {
    const map = indicatorsOf({ credit_lists: { indicators: [{ code: 'on_serious_dishonesty_list', value: true }, { nope: 1 }] }, tax: { indicators: 'x' }, other: null });
    expect([...map]).toEqual([['on_serious_dishonesty_list', true]]);
  });
});
