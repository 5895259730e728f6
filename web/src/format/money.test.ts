import { describe, expect, it } from 'vitest';
import { formatWanYuan, formatYuan, normalizeAmountInput, outstandingYuan, repaidPercent } from './money';

describe('formatYuan', () => {
  it.each([
    ['0', '0.00 元'],
    ['1234567.5', '1,234,567.50 元'],
    ['999.99', '999.99 元'],
    ['-1000', '-1,000.00 元'],
    ['123456789012345678.12', '123,456,789,012,345,678.12 元'],
  ])('%s → %s', (amount, expected) => expect(formatYuan(amount)).toBe(expected));

  it('refuses a non-decimal string instead of guessing', () => {
    expect(() => formatYuan('1e6')).toThrow(/not a decimal amount/);
  });
});

describe('formatWanYuan', () => {
  it.each([
    ['300000.00', '30 万元'],
    ['3000000', '300 万元'],
    ['20000000.00', '2,000 万元'],
    ['1234567.89', '123.46 万元'],
    ['15000', '1.5 万元'],
    ['49.99', '0 万元'],
    ['50', '0.01 万元'],
    ['-1234567.89', '-123.46 万元'],
  ])('%s → %s', (amount, expected) => expect(formatWanYuan(amount)).toBe(expected));
});

describe('normalizeAmountInput', () => {
  it.each([
    ['1,000,000', '1000000'],
    ['1,000,000.50', '1000000.50'],
    [' 300000.00 ', '300000.00'],
    ['１，２００，０００．５', '1200000.5'],
    ['￥500,000', '500000'],
    ['¥ 500000 元', '500000'],
    ['1 000 000', '1000000'],
  ])('%s → %s', (typed, expected) => expect(normalizeAmountInput(typed)).toBe(expected));

  it('leaves what is not an amount as typed, for the server to name the field', () => {
    expect(normalizeAmountInput('1,00')).toBe('1,00');
    expect(normalizeAmountInput('12,3456')).toBe('12,3456');
    expect(normalizeAmountInput('一百万')).toBe('一百万');
    expect(normalizeAmountInput('')).toBe('');
  });
});

describe('repayment progress', () => {
  it.each([
    ['1000000.00', '0.00', '1000000.00', 0],
    ['1000000.00', '200000', '800000.00', 20],
    ['600000.00', '150000.00', '450000.00', 25],
    ['300000.00', '299999.99', '0.01', 99],
    ['300000.00', '300000.00', '0.00', 100],
    ['0.00', '0.00', '0.00', 0],
  ])('lent %s, repaid %s: owes %s, %i%% repaid', (disbursed, repaid, owed, percent) => {
    expect(outstandingYuan(disbursed, repaid)).toBe(owed);
    expect(repaidPercent(disbursed, repaid)).toBe(percent);
  });
});
