import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../demo/demo-city.js';
import { SeededRandom } from '../../platform/seeded-random.js';
import { damagedRow } from '../damaged-row.js';
import { TAX_TYPE_LABELS } from './tax-payments-labels.js';
import { taxPaymentsCategory, taxPaymentsSchemaV1 } from './tax-payments.js';

/**
 * The typed check must accept exactly what the schema accepts with the same record, and leave
 * every other row to the schema: the format's parse (typed check, then schema) must decide
 * every row as the schema alone does, with the same error codes.
 */
const uscc = makeUscc('91', '420202', '12345678');
const good = { uscc, period: '2026-09', taxType: '增值税', amountPaid: '12345.6', arrearsAmount: '0' };
const format = taxPaymentsCategory.formats[0]!;
const without = (field: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== field));

const GOOD_ROWS: Record<string, unknown>[] = [
  good,
  without('arrearsAmount'),
  { ...good, taxType: 'vat' },
  ...Object.values(TAX_TYPE_LABELS).map((taxType) => ({ ...good, taxType })),
  ...Object.keys(TAX_TYPE_LABELS).map((taxType) => ({ ...good, taxType })),
  ...['0', '000', '007.5', '0.05', '10', '10.', '1.234', '1234567890123456.99', '12345678901234567', '1e3', '-1', ' 1', '1,000', '', '.5'].flatMap((m) => [
    { ...good, amountPaid: m },
    { ...good, arrearsAmount: m },
  ]),
  { ...good, uscc: uscc.toLowerCase() },
  { ...good, uscc: ` ${uscc} ` },
  { ...good, period: '2026/09' },
  { ...good, period: '2026-09-01' },
  { ...good, period: '1900-01' },
  { ...good, period: '2100-12' },
  { ...good, amountPaid: 1234.5, arrearsAmount: 0 },
  { ...good, uscc: Number.NaN },
];

const BAD_ROWS: Record<string, unknown>[] = [
  ...['uscc', 'period', 'taxType', 'amountPaid'].map(without),
  {},
  { ...good, uscc: '' },
  { ...good, uscc: uscc.slice(0, 17) },
  { ...good, uscc: `${uscc.slice(0, 17)}I` },
  { ...good, uscc: `91ABCDEF${uscc.slice(8)}` },
  { ...good, uscc: uscc.slice(0, 17) + (uscc.endsWith('1') ? '2' : '1') },
  ...['2026-13', '2026-00', '2026-9', '202609', '26-09', '2026-09-15', '', '２０２６-09', '0000-01', '1899-12', '2101-01', '9999-12'].map((period) => ({ ...good, period })),
  ...['增值', 'VAT', '', ' vat', 'toString', '__proto__'].map((taxType) => ({ ...good, taxType })),
  { ...good, extra: '1' },
  { ...good, amountPaid: true },
  { ...good, amountPaid: null },
  { ...good, amountPaid: { value: '1' } },
  { ...good, arrearsAmount: null },
  { ...good, period: 202609 },
  { ...good, taxType: 1 },
  JSON.parse(`{"uscc":"${uscc}","period":"2026-09","taxType":"vat","amountPaid":"1","__proto__":"x"}`) as Record<string, unknown>,
];

const decide = (values: Record<string, unknown>) => format.parse(values);
const schemaDecides = (values: Record<string, unknown>) => taxPaymentsSchemaV1.parseBySchema(values);
/** The typed check's record where it vouches for the row (its payload mapped as the schema's is). */
const typed = (values: Record<string, unknown>) => {
  const payload = format.rowCheck!(values);
  const parsed = payload && decide(values);
  return parsed?.ok ? parsed.record : undefined;
};

describe('tax payments: the typed check against the schema', () => {
  it.each([...GOOD_ROWS, ...BAD_ROWS].map((row) => [JSON.stringify(row), row] as const))('decides %s as the schema does', (_name, row) => {
    const fast = typed(row);
    const schema = schemaDecides(row);
    if (fast) expect(schema).toEqual({ ok: true, record: fast });
    expect(decide(row)).toEqual(schema);
  });

  it('vouches for the rows files deliver, with the schema’s record', () => {
    for (const row of [good, without('arrearsAmount'), { ...good, taxType: 'stamp' }, { ...good, amountPaid: '007.5' }, { ...good, uscc: uscc.toLowerCase() }]) {
      expect(typed(row)).toBeDefined();
      expect(schemaDecides(row)).toEqual({ ok: true, record: typed(row) });
    }
  });

  it('leaves every bad row to the schema, which names the field and the error code', () => {
    for (const row of BAD_ROWS) {
      expect(typed(row)).toBeUndefined();
      expect(decide(row).ok).toBe(false);
    }
    const result = decide({ ...good, uscc: uscc.slice(0, 17) + (uscc.endsWith('1') ? '2' : '1'), amountPaid: '1.234' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'uscc', code: 'USCC_CHECK_DIGIT', message: expect.any(String) },
        { field: 'amountPaid', code: 'INVALID_FORMAT', message: expect.any(String) },
      ],
    });
  });

  it('decides 20,000 randomly damaged rows as the schema does', () => {
    const random = new SeededRandom(2026);
    const alphabet = ['0', '1', '9', '.', '-', '/', ' ', 'A', 'a', 'I', '增', 'x', '', '\t'];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const row = damagedRow(good, random, alphabet);
      const fast = typed(row);
      const schema = schemaDecides(row);
      if (fast) {
        accepted++;
        expect(schema).toEqual({ ok: true, record: fast });
      }
      expect(decide(row)).toEqual(schema);
    }
    // The damage leaves a fair share of rows valid, so both outcomes were exercised.
    expect(accepted).toBeGreaterThan(1_000);
    expect(accepted).toBeLessThan(19_000);
  });
});
