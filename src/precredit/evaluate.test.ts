import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model.js';
import { Scorecard } from './evaluate.js';
import { syntheticSample } from './synthetic-sample.js';
import type { ModelInputs } from './input-catalog.js';
import { scorecardDocumentSchema, type ScorecardDocument } from './scorecard-model.js';

const healthy: ModelInputs = {
  operating_months: 80,
  registration_status: 'operating',
  registered_capital: 2_000_000,
  latest_tax_grade: 'A',
  tax_paid_last_12_months: 150_000,
  tax_paid_yoy: 12,
  tax_arrears_months_last_12: 0,
  tax_arrears_latest: 0,
  insured_headcount: 30,
  social_security_months_paid_last_12: 12,
  social_security_arrears_months_last_12: 0,
  provident_fund_months_paid_last_12: 12,
  utility_on_time_rate: 100,
  permits_valid: 2,
  penalties_36_months: 0,
  open_execution_cases: 0,
  dishonest_executed_person: false,
  on_serious_dishonesty_list: false,
  honours_count: 1,
  invention_patents: 0,
  industry: 'C',
};

/** One feature, bins (-inf,10) 1, [10,20) 2, [20,inf) 3, missing 9; no knockouts; one band. */
const tiny: ScorecardDocument = scorecardDocumentSchema.parse({
  ...DEFAULT_MODEL,
  knockouts: [],
  basePoints: 0,
  features: [
    { input: 'insured_headcount', bins: [{ from: null, to: 10, points: 1 }, { from: 10, to: 20, points: 2 }, { from: 20, to: null, points: 3 }], missingPoints: 9, referencePoints: 2 },
  ],
  bands: [{ grade: 'A', minScore: 0, limit: null }],
});

describe('Scorecard evaluation', () => {
  it('puts every bin edge in the bin that starts there (half-open ranges)', () => {
    const card = new Scorecard(tiny);
    const at = (v: number | null | string) => card.evaluate({ insured_headcount: v }).score;
    expect(at(-1e9)).toBe(1);
    expect(at(9.999)).toBe(1);
    expect(at(10)).toBe(2);
    expect(at(19.999)).toBe(2);
    expect(at(20)).toBe(3);
    expect(at(1e12)).toBe(3);
  });

  it('scores an absent, null or ill-typed value in the missing bin', () => {
    const card = new Scorecard(tiny);
    expect(card.evaluate({}).score).toBe(9);
    expect(card.evaluate({ insured_headcount: null }).score).toBe(9);
    expect(card.evaluate({ insured_headcount: 'many' }).score).toBe(9);
    expect(card.evaluate({ insured_headcount: Number.NaN }).points[0]).toMatchObject({ bin: -1, reasonCode: 'insured_headcount.missing' });
  });

  it('grades a healthy firm and computes its limit as a capped multiple of its annual tax', () => {
    const result = new Scorecard(DEFAULT_MODEL).evaluate(healthy);
    expect(result.decision).toBe('graded');
    expect(result.score).toBe(380 + 60 + 35 + 40 + 30 + 25 + 12 + 25 + 20 + 15 + 15 + 15 + 8 + 20 + 25 + 10);
    expect(result.grade).toBe('A');
    expect(result.limit).toBe('1500000.00');
    const rich = new Scorecard(DEFAULT_MODEL).evaluate({ ...healthy, tax_paid_last_12_months: 900_000 });
    expect(rich.limit).toBe('3000000.00');
  });

  it.each([
    ['on_serious_dishonesty_list', true, 'serious_dishonesty', '企业在严重失信主体名单中'],
    ['registration_status', 'revoked', 'license_revoked', '营业执照已被吊销或注销'],
    ['tax_arrears_latest', 1200.5, 'tax_arrears', '企业存在欠税'],
    ['dishonest_executed_person', true, 'dishonest_executed', '企业为失信被执行人'],
    ['latest_tax_grade', 'C', 'tax_grade_below_m', '纳税信用等级不是A、B或M级'],
    ['operating_months', 23, 'operating_under_2_years', '经营时间不满2年'],
  ])('a knockout on %s wins over a high score and says so', (input, value, code, text) => {
    const result = new Scorecard(DEFAULT_MODEL).evaluate({ ...healthy, [input]: value });
    expect(result.decision).toBe('knockout');
    expect(result.grade).toBeNull();
    expect(result.limit).toBeNull();
    expect(result.reasons[0]).toEqual({ code, text, effect: 'negative', deviation: 0 });
  });

  it('declines when a knockout input is missing and the rule says so', () => {
    const { latest_tax_grade: _omitted, ...noGrade } = healthy;
    expect(new Scorecard(DEFAULT_MODEL).evaluate(noGrade).reasons[0]!.code).toBe('tax_grade_below_m');
  });

  it('gives the top three reasons as plain Chinese sentences about the firm', () => {
    const weak = { ...healthy, latest_tax_grade: 'M', tax_paid_yoy: -35, insured_headcount: 3, penalties_36_months: 4, open_execution_cases: 1 };
    const result = new Scorecard(DEFAULT_MODEL).evaluate(weak);
    expect(result.grade).toBe('D');
    expect(result.reasons.map((r) => r.text)).toEqual(['近12个月纳税额同比下降35%', '纳税信用等级为M级', '未结执行案件数为1件']);
    expect(result.reasons.every((r) => r.effect === 'negative')).toBe(true);
  });

  it('explains a granted limit by what helped most', () => {
    const result = new Scorecard(DEFAULT_MODEL).evaluate(healthy);
    expect(result.reasons[0]).toMatchObject({ text: '纳税信用等级为A级', effect: 'positive', deviation: 20 });
  });

  it('is deterministic: the same inputs give the same result', () => {
    const card = new Scorecard(DEFAULT_MODEL);
    expect(card.evaluate({ ...healthy })).toEqual(card.evaluate({ ...healthy }));
  });

  it('keeps no state between evaluations: results kept from a run equal fresh evaluations one by one', () => {
    const card = new Scorecard(DEFAULT_MODEL);
    const { rows } = syntheticSample(300, 11);
    const kept = rows.map((inputs) => card.outcome(inputs));
    rows.forEach((inputs, i) => expect(kept[i]).toEqual(new Scorecard(DEFAULT_MODEL).outcome(inputs)));
  });

  it('orders reasons by deviation, ties by input name, as sorting every feature would', () => {
    const card = new Scorecard(DEFAULT_MODEL);
    const { rows } = syntheticSample(2_000, 5);
    const granting = DEFAULT_MODEL.bands.filter((b) => b.limit !== null);
    const threshold = granting[granting.length - 1]!.minScore;
    let ties = 0;
    for (const inputs of rows) {
      const o = card.outcome(inputs);
      if (o.decision === 'knockout') continue;
      const deviations = DEFAULT_MODEL.features.map((f, i) => o.points[i]! - f.referencePoints);
      const above = o.score >= threshold;
      const expected = DEFAULT_MODEL.features
        .map((f, i) => ({ i, input: f.input, d: deviations[i]! }))
        .filter((x) => (above ? x.d > 0 : x.d < 0))
        .sort((a, b) => (above ? b.d - a.d : a.d - b.d) || a.input.localeCompare(b.input))
        .slice(0, 3);
      if (new Set(expected.map((x) => x.d)).size < expected.length) ties++;
      expect(o.reasons.map((r) => r.deviation)).toEqual(expected.map((x) => x.d));
      expect(o.reasons.map((r) => r.code.split('.')[0])).toEqual(expected.map((x) => x.input));
    }
    expect(ties).toBeGreaterThan(100);
  });
});
