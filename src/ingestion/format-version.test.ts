import { describe, expect, it } from 'vitest';
import { makeUscc } from '../demo/demo-city.js';
import { CATEGORIES, findFormat } from './category-registry.js';
import { DENY_LISTED_BEHAVIOURS, denyListErrors } from './deny-list.js';

const uscc = makeUscc('91', '420202', '12345678');

describe('category formats', () => {
  it('every category has a version-1 schema with a label for each field', () => {
    for (const c of CATEGORIES) {
      const format = c.formats.find((f) => f.version === 1)!;
      expect(format.fields.length).toBeGreaterThan(2);
      for (const f of format.fields) expect(f.label).not.toBe('');
    }
  });

  it('normalises money, labels and the USCC, and builds the natural key', () => {
    const { format } = findFormat('tax_payments', 1);
    const parsed = format.parse({ uscc: uscc.toLowerCase(), period: '2026/09', taxType: '增值税', amountPaid: 1234.5 });
    expect(parsed).toEqual({
      ok: true,
      record: {
        recordKey: `${uscc}|2026-09|vat`,
        uscc,
        businessDate: '2026-09-01',
        publicityEnd: null,
        decisionDate: null,
        payload: { uscc, period: '2026-09', taxType: 'vat', amountPaid: '1234.50', arrearsAmount: '0.00' },
      },
    });
  });

  it('writes money with two places and without leading zeros', () => {
    const { format } = findFormat('tax_payments', 1);
    const amounts = ['0', '000', '007.5', '0.05', '10', '1234567890123456.99'].map((amountPaid) => {
      const parsed = format.parse({ uscc, period: '2026-09', taxType: 'vat', amountPaid });
      return parsed.ok ? parsed.record.payload.amountPaid : parsed.errors;
    });
    expect(amounts).toEqual(['0.00', '0.00', '7.50', '0.05', '10.00', '1234567890123456.99']);
  });

  it('names every bad field with a stable code', () => {
    const { format } = findFormat('penalties', 1);
    const parsed = format.parse({ uscc, decisionDate: '2026-02-30', fineAmountWan: 'abc', extra: 1 });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'decisionDate', code: 'CUSTOM' }),
      expect.objectContaining({ field: 'fineAmountWan', code: 'INVALID_FORMAT' }),
      expect.objectContaining({ field: 'extra', code: 'UNRECOGNIZED_FIELD' }),
      expect.objectContaining({ field: 'authorityUscc' }),
    ]));
  });

  it('refuses an unknown category or format version', () => {
    expect(() => findFormat('petitions', 1)).toThrow(/不支持的数据类别/);
    expect(() => findFormat('tax_payments', 2)).toThrow(/没有第2版/);
  });
});

describe('deny-list', () => {
  it.each(DENY_LISTED_BEHAVIOURS.map((b) => [b.label]))('flags %s in a behaviour field only', (label) => {
    expect(denyListErrors({ violationType: `${label}` }, ['violationType'])).toEqual([
      expect.objectContaining({ field: 'violationType', code: 'DENY_LISTED_BEHAVIOUR' }),
    ]);
    expect(denyListErrors({ subjectName: `黄石${label}服务有限公司` }, ['violationType'])).toEqual([]);
  });
});
