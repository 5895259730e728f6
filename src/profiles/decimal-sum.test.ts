import { describe, expect, it } from 'vitest';
import { changePercent, sumDecimal } from './decimal-sum.js';

describe('decimal sums', () => {
  it('adds money exactly', () => {
    expect(sumDecimal(['0.10', '0.20', '1234567890123.45'], 2)).toBe('1234567890123.75');
    expect(sumDecimal([], 2)).toBe('0.00');
    expect(sumDecimal(['0.000001', '1.5'], 6)).toBe('1.500001');
  });

  it('gives a year-on-year change with one decimal, null when there is no base', () => {
    expect(changePercent('110.00', '100.00', 2)).toBe('10.0');
    expect(changePercent('90.00', '100.00', 2)).toBe('-10.0');
    expect(changePercent('100.00', '300.00', 2)).toBe('-66.7');
    expect(changePercent('5.00', '0.00', 2)).toBeNull();
  });
});
