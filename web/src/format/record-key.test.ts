import { describe, expect, it } from 'vitest';
import { JUDICIAL_ROLE_LABELS } from '../../../src/ingestion/categories/judicial';
import { IP_TYPE_LABELS } from '../../../src/ingestion/categories/intellectual-property';
import { TAX_TYPE_LABELS } from '../../../src/ingestion/categories/tax-payments';
import { TECH_LIST_LABELS } from '../../../src/ingestion/categories/tech-lists';
import { UTILITY_LABELS } from '../../../src/ingestion/categories/utilities';
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
});
