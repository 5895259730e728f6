import { describe, expect, it } from 'vitest';
import type { Schemas } from '@/api/schemas';
import { indicatorSource, sectionCount, sectionLead } from './profile-section-tally';

type Section = Schemas['CreditProfile']['sections'][number];
const section = (scope: string, records: number, indicators: number) =>
  ({ scope, records: Array.from({ length: records }, (_, id) => ({ id })), indicators: Array.from({ length: indicators }, () => ({})) }) as unknown as Section;

describe('profile section tally', () => {
  it('counts what the enterprise filed itself under 自愿填报, not the departments\' records it has none of', () => {
    const filed = section('self_reported', 0, 1);
    expect(sectionCount(filed)).toBe(1);
    expect(sectionLead(filed)).toBe('本企业自愿填报 1 项，已签署真实性承诺');
    expect(indicatorSource(filed, 0)).toBe('本企业自愿填报');
  });

  it('counts the departments\' records elsewhere, and says when none came in', () => {
    expect(sectionCount(section('tax', 34, 6))).toBe(34);
    expect(sectionLead(section('tax', 34, 6))).toBe('依据 34 条记录');
    expect(sectionLead(section('penalties', 0, 2))).toBe('平台尚未收到该类数据');
    expect(indicatorSource(section('tax', 34, 6), 3)).toBe('3 条记录');
    expect(indicatorSource(section('penalties', 0, 2), 0)).toBe('—');
  });
});
