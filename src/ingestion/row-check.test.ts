import { describe, expect, it } from 'vitest';
import { generateMarketEntities, makeUscc } from '../demo/demo-city.js';
import { generateDemoCreditRecords } from '../demo/demo-credit-records.js';
import { SeededRandom } from '../platform/seeded-random.js';
import { CATEGORIES } from './category-registry.js';
import { damagedRow } from './damaged-row.js';
import type { FormatVersion } from './format-version.js';

/**
 * The typed row checks against the schemas, for every field of every category: a format's
 * parse (typed check, then schema) must decide every row exactly as the schema alone does,
 * payload key order and error codes included, and where the typed check vouches for a row its
 * payload must be the schema's.
 */
const uscc = makeUscc('91', '420202', '12345678');
const wrongCheckDigit = uscc.slice(0, 17) + (uscc.endsWith('1') ? '2' : '1');
const MISSING = Symbol('missing');

/** Values tried in every field: what files deliver, near misses of every field type, and wrong types. */
const POOL: unknown[] = [
  MISSING, '', ' ', 'a', ' a ', '\u200ba\u200b', 'a\u0001b', 'a\tb', 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(50), 'x'.repeat(51), 'x'.repeat(100),
  'x'.repeat(101), 'x'.repeat(200), 'x'.repeat(201), '违'.repeat(4001), 'toString', '__proto__',
  '0', '1', '-1', '-0', '01', '007.5', '1.5', '10.', '.5', '1.123', '1.1234567', '1e3', ' 1', '1,000', '9999', '10000000', '10000001', '12345678901234567', '2026',
  'true', 'FALSE', 'Yes', '是', '否', 'n', '2',
  '2026-09', '2026/09', '2026-13', '2026-00', '2026-9', '202609', '2026-09-01', '2026/09/01', '2026-02-29', '2028-02-29', '2026-02-30', '1899-12-31', '1900-01-01',
  '2100-12-31', '2101-01-01', '2026-9-01', '２０２６-09',
  uscc, uscc.toLowerCase(), ` ${uscc} `, wrongCheckDigit, uscc.slice(0, 17), `${uscc.slice(0, 17)}I`,
  null, true, false, 0, 1, 12, -1, 1.5, Number.NaN, {}, [], { value: '1' },
];

const demo = generateDemoCreditRecords(generateMarketEntities(80), '2026-12-05');
// The demo city has no breached commitments.
demo.commitment_breaches = [{
  uscc, commitmentNo: 'CN-2026-0042', kind: '申请补贴承诺', commitmentText: '承诺所报材料真实有效', committedOn: '2026-03-01',
  checkingAuthority: '黄石市经济和信息化局', authorityUscc: makeUscc('11', '420200', '71000053'), breachFinding: '所报材料与事实不符', foundOn: '2026-09-15',
}];
/** Categories whose fields all have a typed check (the register's fields are plain zod strings; real estate's unit number has its own refinement). */
const CHECKED = CATEGORIES.filter((c) => c.category !== 'register' && c.category !== 'real_estate');
/** A row as a file delivers it: every cell text. */
const asText = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)]));

function expectSameDecision(format: FormatVersion, row: Record<string, unknown>, name: string): boolean {
  const bySchema = format.parseBySchema(row);
  const decided = format.parse(row);
  expect(decided, name).toEqual(bySchema);
  expect(JSON.stringify(decided), name).toBe(JSON.stringify(bySchema));
  const checked = format.rowCheck?.(row);
  if (checked) {
    expect(bySchema.ok, name).toBe(true);
    if (bySchema.ok) expect(JSON.stringify(checked), name).toBe(JSON.stringify(bySchema.record.payload));
  }
  return checked !== undefined;
}

describe('typed row checks against the category schemas', () => {
  it('a category has a row check exactly when every field type has one', () => {
    for (const c of CATEGORIES) expect(c.formats[0]!.rowCheck !== undefined, c.category).toBe(CHECKED.includes(c));
  });

  it.each(CHECKED.map((c) => [c.category, c] as const))(
    '%s: every field, every pool value, decided as the schema decides',
    (category, c) => {
      const format = c.formats[0]!;
      const samples = demo[category]!;
      expect(samples.length, category).toBeGreaterThan(0);
      // Rows from the demo as JSON lines give them and as files give them, with optional fields both present and absent.
      const bases = [samples[0]!, asText(samples[samples.length - 1]!)];
      let vouched = 0;
      let tried = 0;
      for (const base of bases) {
        if (expectSameDecision(format, base, `${category} base`)) vouched++;
        for (const field of format.fields.map((f) => f.name)) {
          const pool = [...POOL, ...samples.slice(0, 5).map((s) => s[field]).filter((v) => v !== undefined).map(String)];
          for (const value of pool) {
            const row = { ...base };
            if (value === MISSING) delete row[field];
            else row[field] = value;
            tried++;
            if (expectSameDecision(format, row, `${category}.${field} = ${String(value)}`)) vouched++;
          }
        }
        expectSameDecision(format, { ...base, extra: '1' }, `${category} with an unknown field`);
        expectSameDecision(format, JSON.parse(`{"__proto__":"x",${JSON.stringify(base).slice(1)}`) as Record<string, unknown>, `${category} with __proto__`);
      }
      // Both outcomes were exercised: the check vouches for many rows and leaves many to the schema.
      expect(vouched, category).toBeGreaterThan(format.fields.length);
      expect(tried - vouched, category).toBeGreaterThan(format.fields.length * 10);
    },
  );

  it.each(CHECKED.map((c) => [c.category, c] as const))(
    '%s: 500 randomly damaged file rows decided as the schema decides',
    (category, c) => {
      const format = c.formats[0]!;
      const samples = demo[category]!.map(asText);
      const random = new SeededRandom(2026);
      const alphabet = ['0', '1', '9', '.', '-', '/', ' ', 'A', 'a', 'I', '增', 'x', '', '\t', '\u0007', '\u200b'];
      let vouched = 0;
      for (let i = 0; i < 500; i++) {
        const row = damagedRow(samples[i % samples.length]!, random, alphabet);
        if (expectSameDecision(format, row, `${category} damaged ${JSON.stringify(row)}`)) vouched++;
      }
      expect(vouched, category).toBeGreaterThan(0);
      expect(vouched, category).toBeLessThan(500);
    },
  );
});
