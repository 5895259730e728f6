import { describe, expect, it } from 'vitest';
import { compensationCeilingFor, feeCapFor, feeLineErrors, singleFirmCapFor, templateErrors } from './risk-rules.js';
import type { RiskTemplate } from './risk-sharing.js';
import { SOURCED_TEMPLATES as SEEDED } from '../../migrations/data/sourced-guarantee-templates.js';

/** The templates the migration seeds, read as the domain type they were written from. */
const SOURCED_TEMPLATES = SEEDED as readonly RiskTemplate[];

const template = (code: string): RiskTemplate => SOURCED_TEMPLATES.find((t) => t.code === code)!;
const codes = (t: RiskTemplate, guaranteed = 10000, tier?: 'specialised' | 'high_tech' | 'tech_sme') => templateErrors(t, guaranteed, tier).map((e) => e.code);

describe('60号 rules on templates', () => {
  it('accepts every seeded template', () => {
    for (const t of SOURCED_TEMPLATES) expect(codes(t), t.code).toEqual([]);
    expect(codes(template('KC60-SPECIALISED'), 10000, 'specialised')).toEqual([]);
    expect(codes(template('KC60-TECH-SME'), 10000, 'tech_sme')).toEqual([]);
  });

  it('rejects shares that do not make 100 % and a recovery split of another length', () => {
    const t = { ...template('BG-2-8'), parties: [{ role: 'bank' as const, label: '银行', shareBp: 2000 }, { role: 'guarantor' as const, label: '担保', shareBp: 7999 }], recoveryShareBp: [10000] };
    expect(codes(t)).toEqual(['SHARES_NOT_FULL', 'RECOVERY_SPLIT_INVALID']);
  });

  it('keeps the bank at 20 % or more where the national fund takes part', () => {
    const t: RiskTemplate = {
      ...template('KC60-TECH-SME'),
      parties: [
        { role: 'bank', label: '银行', shareBp: 1500 },
        { role: 'national_fund', label: '基金', shareBp: 3000 },
        { role: 'provincial_reguarantor', label: '省再担保', shareBp: 2000 },
        { role: 'guarantor', label: '担保', shareBp: 3500 },
      ],
    };
    expect(codes(t)).toEqual(['BANK_SHARE_TOO_LOW']);
    // Without the fund the same 15 % is allowed.
    expect(codes({ ...t, parties: t.parties.map((p) => (p.role === 'national_fund' ? { ...p, role: 'guarantor' as const } : p)) })).toEqual([]);
    // On the guaranteed-amount basis an 80 % guarantee leaves the bank 20 % + 15 % × 80 % = 32 %.
    expect(codes({ ...t, basis: 'guaranteed_amount' }, 8000)).toEqual([]);
  });

  it('holds the fund to its tier cap and the province to 20 % under the tech plan', () => {
    expect(codes(template('KC60-SPECIALISED'), 10000, 'tech_sme')).toEqual(['FUND_SHARE_ABOVE_TIER']);
    expect(codes(template('BG-2-8'), 10000, 'tech_sme')).toEqual(['PROVINCIAL_SHARE_TOO_LOW']);
  });
});

describe('dated policy data', () => {
  it('finds the fee cap by amount band and date', () => {
    expect(feeCapFor('guarantee_fee', '5000000.00', '2026-01-01')?.maxRatePct).toBe('1.00');
    expect(feeCapFor('guarantee_fee', '5000000.01', '2026-01-01')?.maxRatePct).toBe('1.50');
    expect(feeCapFor('reguarantee_fee', '3000000.00', '2024-07-24')?.maxRatePct).toBe('0.30');
    expect(feeCapFor('reguarantee_fee', '3000000.00', '2024-07-23')).toBeUndefined();
  });

  it('raises the single-firm cap for listed tech firms and the 代偿率 ceiling on 2024-07-24', () => {
    expect(singleFirmCapFor(true, '2024-07-23')).toBe('10000000.00');
    expect(singleFirmCapFor(true, '2024-07-24')).toBe('30000000.00');
    expect(singleFirmCapFor(false, '2026-12-05')).toBe('10000000.00');
    expect(compensationCeilingFor('2024-07-23')).toBe('4.00');
    expect(compensationCeilingFor('2024-07-24')).toBe('5.00');
  });

  it('allows no fee line beyond interest and the guarantee fee', () => {
    expect(feeLineErrors(['interest', 'guarantee_fee'])).toEqual([]);
    expect(feeLineErrors(['interest', 'deposit']).map((e) => e.field)).toEqual(['feeLines.1']);
  });
});
