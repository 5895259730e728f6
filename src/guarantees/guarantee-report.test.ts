import { describe, expect, it } from 'vitest';
import { compensationRate } from './guarantee-report.js';

describe('代偿率', () => {
  it('is compensations over all releases (paid off or compensated), in percent to two decimals, half up', () => {
    expect(compensationRate('5.00', '95.00', '5.00')).toBe('5.00');
    expect(compensationRate('1.00', '2.00', '1.00')).toBe('33.33');
    expect(compensationRate('2.00', '1.00', '2.00')).toBe('66.67');
    expect(compensationRate('0.01', '1999.99', '0.01')).toBe('0.00');
    expect(compensationRate('0.01', '199.99', '0.01')).toBe('0.01');
    expect(compensationRate('0', '0', '0')).toBeNull();
  });

  it('counts a compensated guarantee by its 担保额 released, not by the 代偿 paid: a part paid is not 100 %', () => {
    // 80,000.01 paid on a guarantee of 300,000, nothing else released this year.
    expect(compensationRate('80000.01', '0.00', '300000.00')).toBe('26.67');
    // With 700,000 paid off besides: 80,000.01 ÷ 1,000,000.
    expect(compensationRate('80000.01', '700000.00', '300000.00')).toBe('8.00');
  });
});
