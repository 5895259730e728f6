import { describe, expect, it } from 'vitest';
import { CUSTOMS_GRADE_LABELS } from '@server/ingestion/categories/import-export-labels';
import { formatIndicator, indicatorLabel } from './indicator-value';

const districts = new Map([['420281', '大冶市']]);

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
    [{ code: 'district_code', value: '420281', unit: null }, '大冶市'],
    [{ code: 'customs_grade', value: 'advanced_certified', unit: null }, '高级认证企业'],
  ])('%o → %s', (indicator, expected) => expect(formatIndicator(indicator, districts)).toBe(expected));

  it('never shows a code as the value: a district the city does not hold, and names not loaded yet', () => {
    expect(formatIndicator({ code: 'district_code', value: '110101', unit: null }, districts)).toBe('市外区县');
    expect(formatIndicator({ code: 'district_code', value: '420281', unit: null })).toBe('—');
  });

  it('names every customs grade', () => {
    for (const [code, label] of Object.entries(CUSTOMS_GRADE_LABELS)) expect(formatIndicator({ code: 'customs_grade', value: code, unit: null })).toBe(label);
  });
});

describe('indicatorLabel', () => {
  it('names the district indicator by what the page shows, not by the code it carries', () => {
    expect(indicatorLabel({ code: 'district_code', label: '所属区县代码' })).toBe('所属区县');
    expect(indicatorLabel({ code: 'industry', label: '所属行业' })).toBe('所属行业');
  });
});
