import { describe, expect, it } from 'vitest';
import { formatWanYuan, formatYuan } from './money';

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
