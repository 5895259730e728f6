import { describe, expect, it } from 'vitest';
import { formatBasisPoints, formatPercent, formatRate } from './percent';

describe('percentages', () => {
  it('prints a rate range with the same decimals at both ends', () => {
    expect(`${formatRate('3.5')}–${formatRate('4.35')}`).toBe('3.50%–4.35%');
    expect(formatRate('3.6500')).toBe('3.65%');
    expect(formatRate('5.0000')).toBe('5.00%');
    expect(formatRate(12)).toBe('12.00%');
    expect(formatRate(0.7)).toBe('0.70%');
    expect(formatRate('3.4878')).toBe('3.49%');
    expect(formatRate('3.6525')).toBe('3.65%');
  });

  it('prints shares in basis points with two decimals', () => {
    expect(formatBasisPoints(8000)).toBe('80.00%');
    expect(formatBasisPoints(3333)).toBe('33.33%');
    expect(formatBasisPoints(5)).toBe('0.05%');
  });

  it('prints a ratio as a percentage with two decimals, small shares with their digits', () => {
    expect(formatPercent('1')).toBe('100.00%');
    expect(formatPercent(0.215)).toBe('21.50%');
    expect(formatPercent('0.07')).toBe('7.00%');
    expect(formatPercent('0.00005')).toBe('0.005%');
  });
});
