import { describe, expect, it } from 'vitest';
import { formatFigure, formatTarget } from './oversight-format';

describe('oversight figures as the 监测看板 shows them', () => {
  it.each([
    ['0.215000', 'percent', '21.50%'],
    ['0.000050', 'percent', '0.005%'],
    ['1300000.00', 'yuan', '130 万元'],
    ['3.4878', 'rate', '3.49%'],
    ['12345', 'count', '12,345'],
    [null, 'percent', '—'],
  ] as const)('%s (%s) → %s', (value, unit, shown) => expect(formatFigure(value, unit)).toBe(shown));

  it('writes targets with their comparison in words', () => {
    expect(formatTarget({ comparator: 'gt', value: '0.200000' }, 'percent')).toBe('高于 20.00%');
    expect(formatTarget({ comparator: 'lte', value: '0.000100' }, 'percent')).toBe('不高于 0.01%');
    expect(formatTarget(null, 'count')).toBe('未设目标');
  });
});
