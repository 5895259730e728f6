import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFeedFormat } from './feed-format.js';
import { csvHeader, csvValuesLine, jsonValuesEncoder } from './row-encoders.js';

const v1 = loadFeedFormat('v1');

describe('national feed format v1 (specs/national-feed/v1)', () => {
  it('lays out every field its row schema requires, in the schema order, with a Chinese title', () => {
    for (const type of v1.rowTypes) {
      const schema = JSON.parse(readFileSync(new URL(`../../specs/national-feed/v1/${type.layout.schema}`, import.meta.url), 'utf8')) as { required: string[]; properties: Record<string, { title: string }> };
      expect(type.layout.fields.map((f) => f.name), type.layout.recordType).toEqual(schema.required);
      expect(Object.keys(schema.properties)).toEqual(schema.required);
      for (const name of schema.required) expect(type.fieldLabel(name)).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('translates platform values through the code tables and names bad fields by their titles', () => {
    const grant = v1.rowType('credit_grant');
    const source = {
      record_type: 'credit_grant',
      source_id: 'a1',
      region_code: '420202',
      uscc: '91420200MA4C0KXB3Y',
      bank_code: 'ICBC_HS',
      product_id: null,
      credit_amount_wan: '45',
      rate_percent: '3.8500',
      term_months: 12,
      guarantee_type: 'credit',
      granted_on: '2026-11-06',
    };
    const values = grant.mapper(Object.keys(source))(Object.values(source));
    const row = grant.toRow(values);
    expect(grant.encode(values)).toBe(`${JSON.stringify(row)}\n`);
    expect(grant.passes(values)).toBe(true);
    expect(row).toMatchObject({ bank_code: 'B0001B242020001', guarantee_type: '01' });
    expect(grant.check(row)).toEqual([]);
    expect(grant.check({ ...row, bank_code: 'UNKNOWN', credit_amount_wan: '-1', granted_on: '2026-11-31x' })).toEqual([
      { field: 'bank_code', label: '金融机构代码', message: '代码值不在代码表中' },
      { field: 'credit_amount_wan', label: '授信金额（万元）', message: '格式不符合数据项格式' },
      { field: 'granted_on', label: '授信日期', message: '格式不符合数据项格式' },
    ]);
    const { uscc: _dropped, ...missing } = row;
    expect(grant.check(missing)).toEqual([{ field: 'uscc', label: '统一社会信用代码', message: '缺少该字段' }]);
  });

  it('refuses an unknown version or record type', () => {
    expect(() => loadFeedFormat('v9')).toThrow(/没有报送格式版本/);
    expect(() => v1.rowType('nope')).toThrow(/没有记录类型/);
  });
});

describe('JSONL encoder', () => {
  it('writes the same text as JSON.stringify, escapes and all', () => {
    const encode = jsonValuesEncoder(['a', 'b', 'c', 'd', 'e']);
    for (const a of ['plain-420202', 'quote " and \\ back', 'tab\tnew\nline\u0001', '中文 ok', 'lone \ud800 surrogate', 'pair 😀', '']) {
      const row = { a, b: 12, c: true, d: null, e: undefined };
      expect(encode(Object.values(row))).toBe(`${JSON.stringify(row)}\n`);
    }
  });
});

describe('CSV layout', () => {
  it('quotes what needs quoting and writes booleans as 1/0 and null as empty', () => {
    const fields = [{ name: 'a', from: 'a' }, { name: 'b', from: 'b' }, { name: 'c', from: 'c' }];
    expect(csvHeader(fields)).toBe('a,b,c\n');
    expect(csvValuesLine(['x,"y"', true, null])).toBe('"x,""y""",1,\n');
  });
});
