import { describe, expect, it } from 'vitest';
import { withEscapedTooltipNames } from './chart-tooltip';

type Formatter = (params: unknown) => string;
const formatterOf = (option: { tooltip?: unknown }) => (option.tooltip as { formatter: Formatter }).formatter;
const NAME = '<img src=x onerror="alert(1)">&';
const ESCAPED = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;';

describe('withEscapedTooltipNames', () => {
  it('hands an item formatter the names escaped, the figures as they were', () => {
    // 代偿分担: a party's name and its amount.
    const option = withEscapedTooltipNames({ tooltip: { trigger: 'item', formatter: (p: { name: string; data: { name: string; amount: string } }) => `${p.name}|${p.data.name}：${p.data.amount}` } });
    expect(formatterOf(option)({ name: NAME, data: { name: NAME, amount: '1200.00' } })).toBe(`${ESCAPED}|${ESCAPED}：1200.00`);
  });

  it('hands an axis formatter each series item escaped, with the category label', () => {
    // 工作量: an officer's name on the axis.
    const option = withEscapedTooltipNames({ tooltip: { trigger: 'axis', formatter: (p: { name: string; seriesName: string; axisValueLabel: string; value: number }[]) => `${p[0]!.name}/${p[0]!.seriesName}/${p[0]!.axisValueLabel}：${p[0]!.value}` } });
    expect(formatterOf(option)([{ name: NAME, seriesName: NAME, axisValueLabel: NAME, value: 3 }])).toBe(`${ESCAPED}/${ESCAPED}/${ESCAPED}：3`);
  });

  it('leaves an option without a formatter function as it is', () => {
    const template = { tooltip: { trigger: 'item', formatter: '{b}：{c}' } };
    expect(withEscapedTooltipNames(template)).toBe(template);
    const none = { series: [] };
    expect(withEscapedTooltipNames(none)).toBe(none);
  });
});
