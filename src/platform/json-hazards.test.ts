import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate } from './calendar-date.js';
import { findDuplicateKey, findJsonHazard } from './json-hazards.js';
import { compareDecimal, isBoundedMoney } from './money.js';
import { hasControlCharacter, trimInvisible } from './visible-text.js';

describe('findJsonHazard', () => {
  it('names the field of each hazard', () => {
    expect(findJsonHazard(JSON.parse('{"a":{"__proto__":1}}'))).toMatchObject({ field: 'a.__proto__', code: 'FORBIDDEN_KEY' });
    expect(findJsonHazard({ a: [{ constructor: 1 }] })).toMatchObject({ field: 'a.0.constructor', code: 'FORBIDDEN_KEY' });
    expect(findJsonHazard({ a: 'x\u0000' })).toMatchObject({ field: 'a', code: 'NUL_CHARACTER' });
    expect(findJsonHazard({ a: ['ok', '\ud800'] })).toMatchObject({ field: 'a.1', code: 'LONE_SURROGATE' });
    expect(findJsonHazard({ 'k\udc00': 1 })).toMatchObject({ field: 'k\ufffd', code: 'LONE_SURROGATE' });
    expect(findJsonHazard(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });

  it('names the hazard of a flat object of text (a file row) as of any other value', () => {
    expect(findJsonHazard(JSON.parse('{"a":"1","__proto__":"x"}'))).toMatchObject({ field: '__proto__', code: 'FORBIDDEN_KEY' });
    expect(findJsonHazard({ a: '1', b: 'x\u0000', c: '\udfff' })).toMatchObject({ field: 'b', code: 'NUL_CHARACTER' });
    expect(findJsonHazard({ a: '1', b: 2, c: 'a\udfff' })).toMatchObject({ field: 'c', code: 'LONE_SURROGATE' });
    expect(findJsonHazard({ a: '1', 'k\u0000': '2' })).toMatchObject({ field: 'k\ufffd', code: 'NUL_CHARACTER' });
    expect(findJsonHazard({ a: '1' }, 0)).toMatchObject({ field: '(body)', code: 'JSON_TOO_DEEP' });
    expect(findJsonHazard({ a: '华兴 😀', b: 1, c: true, d: null })).toBeUndefined();
  });

  it('passes ordinary values, paired surrogates included', () => {
    expect(findJsonHazard({ name: '华兴科技 😀', items: [{ amount: '1.00' }], n: 1, b: true, z: null })).toBeUndefined();
  });
});

describe('findDuplicateKey', () => {
  it('names a name given twice in one object, at any depth, escapes read', () => {
    expect(findDuplicateKey('{"amount":"1.00","amount":"9.00"}')).toMatchObject({ field: 'amount', code: 'DUPLICATE_KEY' });
    expect(findDuplicateKey('{"data":{"status":"APPROVED", "status" :"DECLINED"}}')?.field).toBe('data.status');
    expect(findDuplicateKey('{"a":[{"x":1},{"x":1,"y":{},"x":2}]}')?.field).toBe('a.1.x');
    expect(findDuplicateKey('{"role":"enterprise","\\u0072ole":"admin"}')?.field).toBe('role');
  });

  it('passes the same name in different objects, names inside strings and any text that is not an object', () => {
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeUndefined();
    expect(findDuplicateKey('{"a":"\\"a\\":1","b":["a","a"],"c":"{\\"c\\":1}"}')).toBeUndefined();
    expect(findDuplicateKey('[1,"x",{"k":null}]')).toBeUndefined();
    expect(findDuplicateKey('"text"')).toBeUndefined();
  });

  it('stays linear however deep the nesting', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)).toBeUndefined();
  });
});

describe('values', () => {
  it('knows real calendar days', () => {
    expect(['2024-02-29', '2026-12-31', '2000-01-01'].every(isCalendarDate)).toBe(true);
    expect(['2026-02-29', '2026-02-30', '0000-01-01', '2026-13-01', '2026-1-1', '20261120'].some(isCalendarDate)).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('bounds money and compares rates exactly', () => {
    expect(isBoundedMoney('100000000000.00')).toBe(true);
    expect(['100000000000.01', '1e5', '-1', '0.001', '９'].some(isBoundedMoney)).toBe(false);
    expect(compareDecimal('3.8550', '3.855')).toBe(0);
    expect(compareDecimal('3.8551', '3.855')).toBe(1);
  });

  it('trims invisible characters at the edges only', () => {
    expect(trimInvisible('\ufeff\u200b 采购\u200b原材料 \u3000\u2060')).toBe('采购\u200b原材料');
    expect(trimInvisible('\u200b\u200c\u200d\ufeff')).toBe('');
    // Text that starts and ends with a plainly visible character skips the trim: every code unit
    // at both edges must come out as it does behind an invisible one, which forces the trim.
    for (let c = 0; c <= 0xffff; c++) {
      const text = `${String.fromCharCode(c)}中${String.fromCharCode(c)}`;
      expect(trimInvisible(text), c.toString(16)).toBe(trimInvisible(`\u200b${text}\u200b`));
    }
    expect(hasControlCharacter('a\u0007b')).toBe(true);
    expect(hasControlCharacter('第一行\n第二行\t')).toBe(false);
    // Bidi overrides, embeddings and isolates reorder what a reader sees ("合同\u202efdp.exe" shows as 合同exe.pdf).
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) expect(hasControlCharacter(`合同${c}fdp.exe`), c).toBe(true);
    expect(hasControlCharacter('a\u200eb\u200fc')).toBe(false);
  });
});
