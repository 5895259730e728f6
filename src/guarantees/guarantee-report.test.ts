import { describe, expect, it } from 'vitest';
import { compensationRate } from './guarantee-report.js';

describe('代偿率', () => {
  it('is compensations over all releases (paid off or compensated), in percent to two decimals, half up', () => {
    expect(compensationRate('5.00', '95.00')).toBe('5.00');
    expect(compensationRate('1.00', '2.00')).toBe('33.33');
    expect(compensationRate('2.00', '1.00')).toBe('66.67');
    expect(compensationRate('0.01', '1999.99')).toBe('0.00');
    expect(compensationRate('0.01', '199.99')).toBe('0.01');
    expect(compensationRate('0', '0')).toBeNull();
  });
});
