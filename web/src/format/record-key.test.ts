import { describe, expect, it } from 'vitest';
import { IP_TYPE_LABELS } from '@server/ingestion/categories/intellectual-property-labels';
import { JUDICIAL_ROLE_LABELS } from '@server/ingestion/categories/judicial-labels';
import { TAX_TYPE_LABELS } from '@server/ingestion/categories/tax-payments-labels';
import { TECH_LIST_LABELS } from '@server/ingestion/categories/tech-lists-labels';
import { UTILITY_LABELS } from '@server/ingestion/categories/utilities-labels';
import { TECH_LIST_LABELS as GUARANTEE_FORM_TECH_LISTS } from './guarantee-labels';
import { recordKeyText, recordText } from './record-key';

describe('recordKeyText', () => {
  it('leaves out credit codes and names option codes', () => {
    expect(recordKeyText('91420281489090274M|2024-12|corporate_income')).toBe('2024-12 · 企业所得税');
    expect(recordKeyText('91420281489090274M|黄石市监罚〔2026〕111号')).toBe('黄石市监罚〔2026〕111号');
    expect(recordKeyText('water|HS-0001|2026-10')).toBe('水 · HS-0001 · 2026-10');
    expect(recordText('市场主体登记', '91420281489090274M')).toBe('市场主体登记');
    expect(recordText('纳税信用等级', '91420281489090274M|2025')).toBe('纳税信用等级 · 2025');
  });

  it('names every option code a record key can hold as its category does', () => {
    for (const labels of [TAX_TYPE_LABELS, IP_TYPE_LABELS, JUDICIAL_ROLE_LABELS, TECH_LIST_LABELS, UTILITY_LABELS]) {
      for (const [code, label] of Object.entries(labels)) expect(recordKeyText(`91420281489090274M|${code}`)).toBe(label);
    }
  });

  it('reads the labels from the categories themselves, so a label changed there changes the portal', () => {
    expect(GUARANTEE_FORM_TECH_LISTS).toBe(TECH_LIST_LABELS);
    expect(recordText('纳税缴款', '91420281489090274M|2024-12|stamp')).toBe(`纳税缴款 · 2024-12 · ${TAX_TYPE_LABELS.stamp}`);
  });
});
