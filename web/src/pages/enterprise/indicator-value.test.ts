import { describe, expect, it } from 'vitest';
import { formatIndicator } from './indicator-value';

describe('formatIndicator', () => {
  it.each([
    [{ code: 'tax_paid_last_12_months', value: '1234567.5', unit: '元' }, '1,234,567.50 元'],
    [{ code: 'penalty_fines_36_months', value: '0.500000', unit: '万元' }, '0.5 万元'],
    [{ code: 'penalty_fines_36_months', value: '2.000000', unit: '万元' }, '2 万元'],
    [{ code: 'tax_paid_yoy', value: '-12.5', unit: '%' }, '-12.50%'],
    [{ code: 'insured_headcount', value: 32, unit: '人' }, '32 人'],
    [{ code: 'insured_headcount_trend', value: 'down', unit: null }, '下降'],
    [{ code: 'dishonest_executed_person', value: false, unit: null }, '否'],
    [{ code: 'latest_tax_grade', value: 'A', unit: null }, 'A'],
    [{ code: 'tax_paid_yoy', value: null, unit: '%' }, '—'],
  ])('%o → %s', (indicator, expected) => expect(formatIndicator(indicator)).toBe(expected));
});
