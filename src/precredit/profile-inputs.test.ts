import { describe, expect, it } from 'vitest';
import type { CreditProfile } from '../profiles/credit-profile.js';
import { inputsFromProfile, inputsHash } from './profile-inputs.js';

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
});
