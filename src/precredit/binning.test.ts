import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../platform/seeded-random.js';
import { binCategorical, binIndex, binNumeric, woeOf } from './binning.js';

describe('WoE sign convention ln(%good / %bad)', () => {
  it('is negative for a bin riskier than the population', () => {
    // population 900 good / 100 bad; the bin holds 50 good / 50 bad: ln((50/900)/(50/100)) = ln(1/9)
    expect(woeOf(50, 50, 900, 100)).toBeCloseTo(Math.log(1 / 9), 12);
    expect(woeOf(400, 10, 900, 100)).toBeGreaterThan(0);
  });
});

describe('numeric binning', () => {
  const random = new SeededRandom(7);
  const n = 20_000;
  const values = new Float64Array(n);
  const bad = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const missing = random.chance(0.05);
    const v = random.next() * 100;
    values[i] = missing ? Number.NaN : v;
    const p = missing ? 0.3 : 0.4 - 0.35 * (v / 100);
    bad[i] = random.chance(p) ? 1 : 0;
  }

  it('finds a descending bad rate, monotone WoE, a missing bin and a positive IV', () => {
    const binning = binNumeric(values, bad, { trend: 'auto', maxBins: 6 });
    const rates = binning.bins.map((b) => b.bad / b.count);
    expect(binning.bins.length).toBeGreaterThan(2);
    expect(binning.bins.length).toBeLessThanOrEqual(6);
    rates.slice(1).forEach((r, i) => expect(r).toBeLessThanOrEqual(rates[i]!));
    binning.bins.slice(1).forEach((b, i) => expect(b.woe).toBeGreaterThanOrEqual(binning.bins[i]!.woe));
    expect(binning.bins[0]!.from).toBeNull();
    expect(binning.bins.at(-1)!.to).toBeNull();
    binning.bins.slice(1).forEach((b, i) => expect(b.from).toBe(binning.bins[i]!.to));
    expect(binning.missing.count).toBeGreaterThan(800);
    expect(binning.iv).toBeGreaterThan(0.1);
    expect(binIndex(binning, Number.NaN)).toBe(-1);
    expect(binIndex(binning, binning.bins[1]!.from!)).toBe(1);
  });

  it('every bin holds at least 5% of the present values', () => {
    const binning = binNumeric(values, bad);
    const present = n - binning.missing.count;
    binning.bins.forEach((b) => expect(b.count).toBeGreaterThanOrEqual(0.05 * present));
  });
});

describe('categorical binning', () => {
  it('orders categories by bad rate and merges rare ones', () => {
    const values: (string | null)[] = [];
    const bad: number[] = [];
    const add = (v: string | null, count: number, bads: number) => {
      for (let i = 0; i < count; i++) {
        values.push(v);
        bad.push(i < bads ? 1 : 0);
      }
    };
    add('A', 400, 8);
    add('B', 400, 40);
    add('M', 150, 30);
    add('D', 10, 6);
    add(null, 40, 10);
    const binning = binCategorical(values, bad);
    expect(binning.bins[0]!.categories).toEqual(['A']);
    expect(binning.bins.at(-1)!.categories).toEqual(['M', 'D']);
    expect(binning.bins[0]!.woe).toBeGreaterThan(0);
    expect(binning.bins.at(-1)!.woe).toBeLessThan(0);
    expect(binIndex(binning, 'Z')).toBe(-1);
  });
});
