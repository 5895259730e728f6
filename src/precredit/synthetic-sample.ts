import { SeededRandom } from '../platform/seeded-random.js';
import type { ModelInputs } from './input-catalog.js';

/**
 * Generated enterprises with outcomes whose bad rate follows a known logistic signal (tax grade,
 * tax paid and its trend, arrears, penalties, executions, headcount, age). Used by the demo city,
 * the training tests and the benchmark, so a trained model can be checked against the truth.
 */
export interface LabelledSample {
  rows: ModelInputs[];
  bad: Uint8Array;
}

const GRADES = ['A', 'A', 'B', 'B', 'B', 'M', 'M', 'C', 'D'] as const;

export function syntheticInputs(random: SeededRandom): ModelInputs {
  const grade = random.pick(GRADES);
  const tax = Math.round(Math.exp(8 + random.next() * 6));
  return {
    operating_months: random.int(6, 240),
    registration_status: random.chance(0.02) ? 'revoked' : 'operating',
    industry: random.pick(['C', 'F', 'G', 'I', 'M']),
    registered_capital: random.int(1, 500) * 100_000,
    latest_tax_grade: random.chance(0.04) ? null : grade,
    tax_paid_last_12_months: tax,
    tax_paid_yoy: random.chance(0.1) ? null : Math.round((random.next() * 120 - 60) * 10) / 10,
    tax_arrears_months_last_12: random.chance(0.85) ? 0 : random.int(1, 6),
    tax_arrears_latest: random.chance(0.95) ? 0 : random.int(100, 50_000),
    insured_headcount: random.int(0, 200),
    social_security_months_paid_last_12: random.int(0, 12),
    social_security_arrears_months_last_12: random.chance(0.8) ? 0 : random.int(1, 6),
    provident_fund_months_paid_last_12: random.int(0, 12),
    utility_on_time_rate: random.chance(0.2) ? null : random.int(60, 100),
    permits_valid: random.int(0, 5),
    penalties_36_months: random.chance(0.75) ? 0 : random.int(1, 5),
    open_execution_cases: random.chance(0.9) ? 0 : random.int(1, 3),
    dishonest_executed_person: random.chance(0.01),
    on_serious_dishonesty_list: random.chance(0.01),
    honours_count: random.chance(0.8) ? 0 : random.int(1, 3),
    invention_patents: random.chance(0.85) ? 0 : random.int(1, 10),
  };
}

/** ln(bad:good) of the known signal; inputs the signal does not use carry no information. */
export function trueLogOdds(x: ModelInputs): number {
  const gradeRisk: Record<string, number> = { A: -0.8, B: -0.2, M: 0.4, C: 1.0, D: 1.4 };
  const yoy = typeof x.tax_paid_yoy === 'number' ? x.tax_paid_yoy : 0;
  return (
    -1.6 +
    (gradeRisk[x.latest_tax_grade as string] ?? 0.6) -
    0.5 * Math.log10(Math.max(Number(x.tax_paid_last_12_months), 1) / 10_000) -
    0.012 * yoy +
    0.3 * Number(x.tax_arrears_months_last_12) +
    0.35 * Number(x.penalties_36_months) +
    0.7 * Number(x.open_execution_cases) -
    0.004 * Number(x.operating_months) -
    0.004 * Number(x.insured_headcount)
  );
}

export function syntheticSample(n: number, seed = 20_261_205): LabelledSample {
  const random = new SeededRandom(seed);
  const rows: ModelInputs[] = [];
  const bad = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = syntheticInputs(random);
    rows.push(row);
    bad[i] = random.next() < 1 / (1 + Math.exp(-trueLogOdds(row))) ? 1 : 0;
  }
  return { rows, bad };
}
