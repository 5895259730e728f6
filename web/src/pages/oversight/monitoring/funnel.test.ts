import { describe, expect, it } from 'vitest';
import { funnelOption, funnelRows } from './funnel';

describe('funnel rows', () => {
  const rows = funnelRows([{ count: 8 }, { count: 2 }, { count: 0 }, { count: 0 }], (s) => `第${s.count}`, () => '—');

  it('gives each stage its conversion from the one before, and none where the one before is empty', () => {
    expect(rows.map((r) => r.conversion)).toEqual(['—', '25.0%', '0.0%', '—']);
  });

  it('draws the counts in stage order with one colour each', () => {
    const option = funnelOption(rows, ['a', 'b', 'c', 'd'], ' 户');
    expect(option.series[0]!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([[8, 'a'], [2, 'b'], [0, 'c'], [0, 'd']]);
    expect(option.tooltip.formatter).toBe('{b}：{c} 户');
  });
});
