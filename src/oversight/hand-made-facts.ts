import type { LoanMonth, OversightFacts } from './oversight-facts.js';

/**
 * A small city with known answers (worked out by hand in kpi-figures.test.ts): two districts,
 * four banks in four connection states, loans in two months. Tests only.
 */
const loan = (l: Partial<LoanMonth> & Pick<LoanMonth, 'month' | 'group'>): LoanMonth => ({
  disbursed: '0.00',
  repaid: '0.00',
  inclusiveDisbursed: '0.00',
  inclusiveRepaid: '0.00',
  creditInclusiveDisbursed: '0.00',
  creditInclusiveRepaid: '0.00',
  guaranteeDisbursed: '0.00',
  guaranteeRepaid: '0.00',
  onlineDisbursed: '0.00',
  firstLoans: 0,
  firstLoanAmount: '0.00',
  rateWeighted: '0',
  ratedAmount: '0.00',
  ...l,
});

export const NOW = new Date('2026-11-20T04:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

export function handMadeFacts(): OversightFacts {
  return {
    refreshedAt: NOW,
    districts: [
      { code: '420202', name: '黄石港区' },
      { code: '420203', name: '西塞山区' },
    ],
    entities: [
      { districtCode: '420202', count: 100 },
      { districtCode: '420203', count: 300 },
    ],
    registrations: [
      { month: '2026-10', districtCode: '420202', count: 10 },
      { month: '2026-11', districtCode: '420202', count: 20 },
      { month: '2026-11', districtCode: '420203', count: 30 },
      { month: '2026-12', districtCode: '420203', count: 100 },
    ],
    authorisations: [
      { month: '2026-11', districtCode: '420202', count: 5 },
      { month: '2026-11', districtCode: '420203', count: 15 },
    ],
    activeAuthorisations: [
      { districtCode: '420202', count: 4 },
      { districtCode: '420203', count: 12 },
    ],
    loans: [
      loan({
        month: '2026-10', group: '420202', disbursed: '1000000.00', inclusiveDisbursed: '1000000.00', creditInclusiveDisbursed: '400000.00',
        onlineDisbursed: '1000000.00', firstLoans: 1, firstLoanAmount: '1000000.00', rateWeighted: '4000000', ratedAmount: '1000000.00',
      }),
      loan({
        month: '2026-11', group: '420202', disbursed: '500000.00', repaid: '200000.00', inclusiveDisbursed: '500000.00', inclusiveRepaid: '200000.00',
        creditInclusiveRepaid: '100000.00', guaranteeDisbursed: '500000.00', firstLoans: 1, firstLoanAmount: '500000.00',
        rateWeighted: '1500000', ratedAmount: '500000.00',
      }),
      loan({ month: '2026-11', group: '420203', disbursed: '20000000.00', onlineDisbursed: '20000000.00', rateWeighted: '70000000', ratedAmount: '20000000.00' }),
    ],
    applications: [
      {
        month: '2026-11', districtCode: '420202', bankId: 'bank-x', submitted: 10, accepted: 8, decided: 6, approved: 4, disbursed: 3,
        appliedAmount: '5000000.00', approvedAmount: '2000000.00', disbursedAmount: '1500000.00', acceptWorkSeconds: 8 * 36_000, decisionWorkSeconds: 6 * 172_800,
      },
      {
        month: '2026-10', districtCode: '420203', bankId: 'bank-y', submitted: 2, accepted: 1, decided: 1, approved: 0, disbursed: 0,
        appliedAmount: '100000.00', approvedAmount: '0.00', disbursedAmount: '0.00', acceptWorkSeconds: 3_600, decisionWorkSeconds: 86_400,
      },
    ],
    records: { tax_payments: 300, 'utilities:water': 100, permits: 8, real_estate: 220, rnd: 15, 'rnd:designated': 8, 'rnd:reported': 6 },
    publicity: [{ month: '2026-11', total: 8, onTime: 6 }],
    usccQuality: [{ month: '2026-11', rowsRead: 20_000, errors: 1 }],
    commitments: { committed: 40, withFulfilment: 30 },
    banks: [
      { id: 'bank-x', code: 'X', name: '甲银行', lastExchangeAt: daysAgo(2) },
      { id: 'bank-y', code: 'Y', name: '乙银行', lastExchangeAt: daysAgo(40) },
      { id: 'bank-z', code: 'Z', name: '丙银行', lastExchangeAt: daysAgo(1) },
      { id: 'bank-w', code: 'W', name: '丁银行', lastExchangeAt: null },
    ],
    precreditModelBanks: ['bank-x'],
    cityBalances: [{ month: '2026-11', balance: '13000000.00', source: '人民银行黄石市中心支行' }],
    targets: [
      { kpiCode: 'registration_share', comparator: 'gt', target: '0.20', source: '黄信用〔2023〕1号', effectiveFrom: '2023-03-13', effectiveTo: '2026-11-15' },
      { kpiCode: 'registration_share', comparator: 'gt', target: '0.25', source: '2026 年新目标', effectiveFrom: '2026-11-15', effectiveTo: null },
      { kpiCode: 'bank_access_share', comparator: 'gte', target: '0.50', source: '黄信用〔2023〕1号', effectiveFrom: '2023-03-13', effectiveTo: null },
      { kpiCode: 'uscc_error_rate', comparator: 'lte', target: '0.0001', source: '黄信用〔2023〕1号', effectiveFrom: '2023-03-13', effectiveTo: null },
      { kpiCode: 'coverage_real_estate', comparator: 'gt', target: '0.50', source: '黄信用〔2023〕1号', effectiveFrom: '2023-03-13', effectiveTo: null },
      { kpiCode: 'coverage_rnd', comparator: 'gte', target: '1.00', source: '黄信用〔2023〕1号', effectiveFrom: '2023-03-13', effectiveTo: null },
      { kpiCode: 'inclusive_share_of_city', comparator: 'gte', target: '0.28', source: '常州', effectiveFrom: '2023-03-13', effectiveTo: null },
    ],
  };
}

export const CONFIGURED = new Set(['X', 'Y']);
/** 已对接 by bank-connections' rule: 乙银行 is configured but its last exchange is too old. */
export const CONNECTED = new Set(['bank-x']);
