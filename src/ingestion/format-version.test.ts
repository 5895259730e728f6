import { describe, expect, it } from 'vitest';
import { generateMarketEntities, makeUscc } from '../demo/demo-city.js';
import { generateDemoCreditRecords } from '../demo/demo-credit-records.js';
import { findJsonHazard } from '../platform/json-hazards.js';
import { SeededRandom } from '../platform/seeded-random.js';
import { CATEGORIES, findFormat } from './category-registry.js';
import { damagedRow } from './damaged-row.js';
import { DENY_LISTED_BEHAVIOURS, denyListErrors } from './deny-list.js';
import type { FormatVersion } from './format-version.js';
import { rowValues } from './readers/header-map.js';

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
      expect.objectContaining({ field: 'decisionDate', code: 'INVALID_DATE' }),
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

/**
 * Staging a file row straight from its cells against the whole way a row takes (values from the
 * cells, hazard guard, deny-list, parse): a staged row must be exactly the record the whole way
 * accepts, key order included, and a row the whole way refuses must never be staged.
 */
describe('staging rows from their cells', () => {
  const demo = generateDemoCreditRecords(generateMarketEntities(60), '2026-12-05');
  // The demo city has no breached commitments.
  demo.commitment_breaches = [{
    uscc, commitmentNo: 'CN-2026-0042', kind: '申请补贴承诺', commitmentText: '承诺所报材料真实有效', committedOn: '2026-03-01',
    checkingAuthority: '黄石市经济和信息化局', authorityUscc: makeUscc('11', '420200', '71000053'), breachFinding: '所报材料与事实不符', foundOn: '2026-09-15',
  }];
  const staging = CATEGORIES.filter((c) => c.formats[0]!.stageCells !== undefined);
  const alphabet = ['0', '9', '.', '-', '/', ' ', 'A', 'I', '增', '', '\t', '\u0000', '\u0007', '\u200b', '\u3000', '信访', '养犬'];

  function wholeWay(format: FormatVersion, names: readonly (string | undefined)[], cells: readonly string[]) {
    const values = rowValues(names, cells);
    if (findJsonHazard(values) || denyListErrors(values, format.behaviourFields).length) return undefined;
    const parsed = format.parse(values);
    return parsed.ok ? parsed.record : undefined;
  }

  it('every category but the register and real estate stages rows', () => {
    expect(staging.map((c) => c.category).sort()).toEqual(CATEGORIES.map((c) => c.category).filter((c) => c !== 'register' && c !== 'real_estate').sort());
  });

  it.each(staging.map((c) => [c.category, c] as const))('%s: 600 file rows, damaged and whole, staged only as the whole way accepts them', (category, c) => {
    const format = c.formats[0]!;
    const random = new SeededRandom(1205);
    const samples = demo[category]!;
    expect(samples.length, category).toBeGreaterThan(0);
    let staged = 0;
    let left = 0;
    for (let i = 0; i < 600; i++) {
      // Columns in a shuffled order, some titled by label (the same field names either way), an untitled one, an optional field's column sometimes left out.
      const names: (string | undefined)[] = format.fields.map((f) => f.name).filter((name, k) => format.fields[k]!.required || random.next() < 0.8);
      for (let k = names.length - 1; k > 0; k--) {
        const j = Math.floor(random.next() * (k + 1));
        [names[k], names[j]] = [names[j], names[k]];
      }
      names.splice(Math.floor(random.next() * names.length), 0, undefined);
      const base = Object.fromEntries(Object.entries(samples[i % samples.length]!).map(([k, v]) => [k, String(v)]));
      const row = i % 3 === 0 ? base : damagedRow(base, random, alphabet);
      let cells = names.map((name) => (name === undefined ? '忽略' : (random.next() < 0.1 ? ' ' : '') + (row[name] ?? '') as string));
      if (random.next() < 0.05) cells = cells.slice(0, -1);
      const expected = wholeWay(format, names, cells);
      const got = format.stageCells!(names)(cells);
      if (got) {
        staged++;
        expect(JSON.stringify(got), `${category} ${JSON.stringify(cells)}`).toBe(JSON.stringify(expected));
      } else left++;
      if (!expected) expect(got, `${category} ${JSON.stringify(cells)}`).toBeUndefined();
    }
    expect(staged, category).toBeGreaterThan(100);
    expect(left, category).toBeGreaterThan(50);
  });

  it.each(staging.map((c) => [c.category, c] as const))(
    '%s: one file of 400 rows through one staging, cells repeating and alternating down the columns, each row staged only as the whole way accepts it',
    (category, c) => {
      const format = c.formats[0]!;
      const random = new SeededRandom(1206);
      const samples = demo[category]!;
      const names = format.fields.map((f) => f.name);
      // Four whole rows, one naming a deny-listed behaviour and three damaged ones (NUL, near misses), their cells drawn again and again down each column.
      const pool = Array.from({ length: 8 }, (_, k) => {
        const base = Object.fromEntries(Object.entries(samples[k % samples.length]!).map(([f, v]) => [f, String(v)]));
        const denied = Object.fromEntries(Object.entries(base).map(([f, v]) => [f, format.behaviourFields.includes(f) ? `${v}（信访）` : v]));
        const row = k < 4 ? base : k === 4 ? denied : damagedRow(damagedRow(damagedRow(base, random, alphabet), random, alphabet), random, alphabet);
        return names.map((name) => String(row[name] ?? ''));
      });
      const stage = format.stageCells!(names);
      let staged = 0;
      let left = 0;
      for (let i = 0; i < 400; i++) {
        const cells = names.map((_, column) => pool[Math.floor(random.next() * (random.next() < 0.7 ? 4 : pool.length))]![column]!);
        const got = stage(cells);
        // What a staging that has seen no row before gives: remembered answers change nothing.
        expect(JSON.stringify(got), `${category} row ${i} ${JSON.stringify(cells)}`).toBe(JSON.stringify(format.stageCells!(names)(cells)));
        const expected = wholeWay(format, names, cells);
        if (got) {
          staged++;
          expect(JSON.stringify(got), `${category} row ${i}`).toBe(JSON.stringify(expected));
        } else left++;
        if (!expected) expect(got, `${category} row ${i}`).toBeUndefined();
      }
      expect(staged, category).toBeGreaterThan(40);
      expect(left, category).toBeGreaterThan(40);
    },
  );

  it('leaves a row naming a deny-listed behaviour, or holding NUL, to the whole way', () => {
    const { format } = findFormat('penalties', 1);
    const names = format.fields.map((f) => f.name);
    const row = Object.fromEntries(Object.entries(demo.penalties![0]!).map(([k, v]) => [k, String(v)]));
    const cells = names.map((n) => row[n] ?? '');
    const stage = format.stageCells!(names);
    expect(stage(cells)).toBeDefined();
    expect(stage(cells.map((cell, k) => (names[k] === 'violationType' ? `${cell}（信访）` : cell)))).toBeUndefined();
    expect(stage(cells.map((cell, k) => (names[k] === 'subjectName' ? `${cell}\u0000` : cell)))).toBeUndefined();
  });
});
