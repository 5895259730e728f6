import type { Bin, ScorecardDocument } from './scorecard-model.js';

/**
 * The platform's default model "税贷" on public tax-loan practice: 纳税信用 A/B/M, 经营满2年, 无欠税,
 * 近12个月纳税额 ≥ 1万元, no 失信; limit = k × 近12个月纳税额 with k 10 / 6 / 4 by grade, capped at
 * 300万 (100万 for the lowest, fully-online grade). Points are set by hand, not trained.
 */
const ranges = (edges: number[], points: number[]): Bin[] =>
  points.map((p, i) => ({ from: i === 0 ? null : edges[i - 1]!, to: i === points.length - 1 ? null : edges[i]!, points: p }));

export const DEFAULT_MODEL: ScorecardDocument = {
  schemaVersion: 1,
  inputSchemaVersion: 1,
  woeConvention: 'ln_good_over_bad',
  name: '税贷（平台默认模型）',
  description: '依据公开的银税互动贷款准入条件设定：纳税信用A/B/M级、经营满2年、无欠税、近12个月纳税额不低于1万元、无失信记录；额度为近12个月纳税额的4至10倍。',
  knockouts: [
    { input: 'on_serious_dishonesty_list', operator: 'eq', value: true, whenMissing: false, reasonCode: 'serious_dishonesty', reason: '企业在严重失信主体名单中' },
    { input: 'dishonest_executed_person', operator: 'eq', value: true, whenMissing: false, reasonCode: 'dishonest_executed', reason: '企业为失信被执行人' },
    { input: 'registration_status', operator: 'in', value: ['revoked', 'cancelled'], whenMissing: false, reasonCode: 'license_revoked', reason: '营业执照已被吊销或注销' },
    { input: 'tax_arrears_latest', operator: 'gt', value: 0, whenMissing: false, reasonCode: 'tax_arrears', reason: '企业存在欠税' },
    { input: 'latest_tax_grade', operator: 'notIn', value: ['A', 'B', 'M'], whenMissing: true, reasonCode: 'tax_grade_below_m', reason: '纳税信用等级不是A、B或M级' },
    { input: 'operating_months', operator: 'lt', value: 24, whenMissing: true, reasonCode: 'operating_under_2_years', reason: '经营时间不满2年' },
    { input: 'tax_paid_last_12_months', operator: 'lt', value: 10_000, whenMissing: true, reasonCode: 'tax_paid_under_10k', reason: '近12个月纳税额不足1万元' },
  ],
  basePoints: 380,
  features: [
    { input: 'latest_tax_grade', bins: [{ categories: ['A'], points: 60 }, { categories: ['B'], points: 40 }, { categories: ['M'], points: 20 }, { categories: ['C', 'D'], points: 0 }], missingPoints: 0, referencePoints: 40 },
    { input: 'tax_paid_last_12_months', bins: ranges([10_000, 50_000, 200_000, 1_000_000], [0, 15, 35, 55, 70]), missingPoints: 0, referencePoints: 35 },
    { input: 'tax_paid_yoy', bins: ranges([-30, -10, 10], [0, 15, 30, 40]), missingPoints: 15, referencePoints: 30 },
    { input: 'tax_arrears_months_last_12', bins: ranges([1, 3], [30, 10, 0]), missingPoints: 15, referencePoints: 30 },
    { input: 'operating_months', bins: ranges([24, 60, 120], [0, 15, 25, 35]), missingPoints: 0, referencePoints: 25 },
    { input: 'registered_capital', bins: ranges([1_000_000, 5_000_000], [5, 12, 18]), missingPoints: 5, referencePoints: 12 },
    { input: 'insured_headcount', bins: ranges([5, 20, 100], [5, 15, 25, 30]), missingPoints: 0, referencePoints: 15 },
    { input: 'social_security_months_paid_last_12', bins: ranges([6, 12], [0, 10, 20]), missingPoints: 5, referencePoints: 20 },
    { input: 'social_security_arrears_months_last_12', bins: ranges([1, 3], [15, 5, 0]), missingPoints: 8, referencePoints: 15 },
    { input: 'provident_fund_months_paid_last_12', bins: ranges([1, 12], [0, 8, 15]), missingPoints: 0, referencePoints: 8 },
    { input: 'utility_on_time_rate', bins: ranges([80, 95], [0, 8, 15]), missingPoints: 8, referencePoints: 15 },
    { input: 'permits_valid', bins: ranges([1], [0, 8]), missingPoints: 0, referencePoints: 8 },
    { input: 'penalties_36_months', bins: ranges([1, 3], [20, 8, 0]), missingPoints: 10, referencePoints: 20 },
    { input: 'open_execution_cases', bins: ranges([1, 2], [25, 5, 0]), missingPoints: 15, referencePoints: 25 },
    { input: 'honours_count', bins: ranges([1], [0, 10]), missingPoints: 0, referencePoints: 0 },
  ],
  scaling: { method: 'pdo_odds', pdo: 20, baseScore: 600, baseOdds: 50, rate: 2 },
  bands: [
    { grade: 'A', minScore: 700, limit: { input: 'tax_paid_last_12_months', multiple: 10, cap: '3000000.00', roundTo: 10_000 } },
    { grade: 'B', minScore: 650, limit: { input: 'tax_paid_last_12_months', multiple: 6, cap: '3000000.00', roundTo: 10_000 } },
    { grade: 'C', minScore: 600, limit: { input: 'tax_paid_last_12_months', multiple: 4, cap: '1000000.00', roundTo: 10_000 } },
    { grade: 'D', minScore: 0, limit: null },
  ],
  validityDays: 30,
};
