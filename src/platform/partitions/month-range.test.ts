import { describe, expect, it } from 'vitest';
import { boundLiteral, shanghaiMonth } from './month-range.js';

describe('Asia/Shanghai months', () => {
  it('puts the last instant of a month and the first of the next on their own sides of the bound', () => {
    const lastOfNovember = new Date('2026-11-30T15:59:59.999Z');
    const firstOfDecember = new Date('2026-11-30T16:00:00.000Z');
    expect(shanghaiMonth(lastOfNovember).suffix).toBe('202611');
    expect(shanghaiMonth(firstOfDecember).suffix).toBe('202612');
    expect(shanghaiMonth(lastOfNovember).to).toEqual(firstOfDecember);
    expect(boundLiteral(firstOfDecember)).toBe('2026-12-01 00:00:00+08');
  });

  it('steps across years both ways', () => {
    const at = new Date('2026-12-15T00:00:00Z');
    expect(shanghaiMonth(at, 1)).toMatchObject({ suffix: '202701', from: new Date('2026-12-31T16:00:00Z'), to: new Date('2027-01-31T16:00:00Z') });
    expect(shanghaiMonth(at, -12).suffix).toBe('202512');
    expect(shanghaiMonth(at, -60).suffix).toBe('202112');
  });
});
