import { describe, expect, it } from 'vitest';
import { shanghaiDate, shanghaiMinute } from './business-date.js';

describe('shanghaiDate', () => {
  it('turns the date at midnight UTC+8, i.e. 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    expect(shanghaiDate(new Date('2026-11-24T16:00:00.000Z'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(shanghaiDate(new Date('2028-02-28T16:00:00.000Z'))).toBe('2028-02-29');
  });

  it('keeps UTC+8 all year: no daylight-saving shift in summer', () => {
    expect(shanghaiDate(new Date('2026-07-01T15:59:59.999Z'))).toBe('2026-07-01');
    expect(shanghaiDate(new Date('2026-07-01T16:00:00.000Z'))).toBe('2026-07-02');
    expect(shanghaiDate(new Date('2026-03-29T16:00:00.000Z'))).toBe('2026-03-30');
  });

  it('agrees with the time-zone database at every hour of a year', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 3_600_000) {
      const at = new Date(t);
      if (shanghaiDate(at) !== zone.format(at)) expect(shanghaiDate(at)).toBe(zone.format(at));
    }
  });
});

describe('shanghaiMinute', () => {
  it('writes an instant as the portal shows a moment, in Asia/Shanghai', () => {
    expect(shanghaiMinute(new Date('2026-12-04T16:30:00Z'))).toBe('2026-12-05 00:30');
    expect(shanghaiMinute(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31 23:59');
  });
});
