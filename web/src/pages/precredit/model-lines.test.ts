import { describe, expect, it } from 'vitest';
import { compareModels, modelLines } from './model-lines';

const label = (input: string) => ({ tax_paid_last_12_months: '近12个月纳税额', latest_tax_grade: '纳税信用等级' })[input] ?? input;

const base = {
  name: '税贷',
  basePoints: 380,
  knockouts: [{ input: 'latest_tax_grade', operator: 'notIn', value: ['A', 'B', 'M'], reason: '纳税信用等级不是A、B或M级' }],
  features: [{ input: 'tax_paid_last_12_months', bins: [{ from: null, to: 10000, points: 0 }, { from: 10000, to: null, points: 20 }], missingPoints: 0 }],
  bands: [{ grade: 'A', minScore: 700, limit: { input: 'tax_paid_last_12_months', multiple: 10, cap: '3000000.00' } }],
};

describe('model comparison lines', () => {
  it('describes every rule in Chinese', () => {
    const texts = modelLines(base, label).map((l) => l.text);
    expect(texts).toContain('纳税信用等级不属于A、B、M时拒绝（纳税信用等级不是A、B或M级）');
    expect(texts).toContain('低于10000：0分');
    expect(texts).toContain('10000及以上：20分');
    expect(texts).toContain('A级：700分及以上，额度为近12个月纳税额的10倍，最高300 万元');
  });

  it('marks only the lines that changed', () => {
    const changed = { ...base, basePoints: 400, features: [{ ...base.features[0]!, missingPoints: 5 }] };
    const rows = compareModels(modelLines(base, label), modelLines(changed, label)).filter((r) => r.changed);
    expect(rows.map((r) => [r.left, r.right])).toEqual([
      ['基础分：380', '基础分：400'],
      ['无数据：0分', '无数据：5分'],
    ]);
  });
});
