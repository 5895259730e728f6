import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CreditProfile } from '../profiles/credit-profile.js';
import { INPUT_CATALOG, type ModelInputs } from './input-catalog.js';
import { inputsFromProfile, inputsHash } from './profile-inputs.js';
import { syntheticSample } from './synthetic-sample.js';

const indicator = (code: string, value: string | number | boolean | null) => ({ code, label: code, value, unit: null, recordIds: [] });

const profile: CreditProfile = {
  uscc: '91420200MA0000000X',
  version: 3,
  inputsHash: 'x',
  asOf: '2026-12-05',
  builtAt: new Date(0),
  reason: 'first_read',
  sections: [
    { scope: 'register', label: '登记注册', series: [], records: [], indicators: [indicator('established_on', '2020-12-06'), indicator('registration_status', '吊销'), indicator('registered_capital', '1000000.00')] },
    { scope: 'tax', label: '纳税', series: [], records: [], indicators: [indicator('latest_tax_grade', 'B'), indicator('tax_paid_last_12_months', '125000.50'), indicator('tax_paid_yoy', null)] },
  ],
};

describe('model inputs from a profile snapshot', () => {
  it('turns indicators into numbers and codes, and 成立日期 into whole months of operation', () => {
    const inputs = inputsFromProfile(profile);
    expect(inputs).toMatchObject({
      operating_months: 71,
      registration_status: 'revoked',
      registered_capital: 1_000_000,
      latest_tax_grade: 'B',
      tax_paid_last_12_months: 125_000.5,
      tax_paid_yoy: null,
      insured_headcount: null,
    });
  });

  it('hashes the same inputs the same way, whatever the key order', () => {
    const inputs = inputsFromProfile(profile);
    const reordered = Object.fromEntries(Object.entries(inputs).reverse());
    expect(inputsHash(reordered)).toBe(inputsHash(inputs));
    expect(inputsHash({ ...inputs, tax_paid_yoy: -35 })).not.toBe(inputsHash(inputs));
  });

  it('hashes the text stored results were hashed from: each input as JSON (missing as null), a comma after each, in catalogue order', () => {
    const reference = (inputs: ModelInputs) => createHash('sha256').update(INPUT_CATALOG.map((d) => `${JSON.stringify(inputs[d.code] ?? null)},`).join('')).digest('hex');
    const odd: ModelInputs = { operating_months: -0, registered_capital: Number.NaN, tax_paid_yoy: -Infinity, insured_headcount: 1e21, utility_on_time_rate: 0.1 + 0.2, industry: '批发"零售\\业', latest_tax_grade: 'A', dishonest_executed_person: false, on_serious_dishonesty_list: true };
    for (const inputs of [...syntheticSample(200, 3).rows, odd, {}]) expect(inputsHash(inputs)).toBe(reference(inputs));
    expect(inputsHash({})).toBe(createHash('sha256').update('null,'.repeat(INPUT_CATALOG.length)).digest('hex'));
  });
});
