import { describe, expect, it } from 'vitest';
import { badRateAt, basePoints, binPoints, scalingOf } from './scaling.js';

describe('PDO/odds scaling', () => {
  it('matches a hand-computed example (PDO 20, 600 points at odds 50:1)', () => {
    // factor = 20 / ln 2 = 28.8539; offset = 600 − 28.8539 · ln 50 = 600 − 112.8771 = 487.1229
    const s = scalingOf({ method: 'pdo_odds', pdo: 20, baseScore: 600, baseOdds: 50, rate: 2 });
    expect(s.factor).toBeCloseTo(28.8539, 4);
    expect(s.offset).toBeCloseTo(487.1229, 4);
    // β0 = −2, β = −1, WoE = 0.5: ln(bad:good) = −2.5, so score = 487.1229 + 28.8539 · 2.5 = 559.2576
    expect(basePoints(s, -2)).toBeCloseTo(544.8307, 4);
    expect(binPoints(s, -1, 0.5)).toBeCloseTo(14.4270, 4);
    expect(basePoints(s, -2) + binPoints(s, -1, 0.5)).toBeCloseTo(559.2576, 4);
    expect(badRateAt(s, 600)).toBeCloseTo(1 / 51, 10);
    expect(badRateAt(s, 620)).toBeCloseTo(1 / 101, 10);
  });

  it('takes toad defaults (PDO 60, rate 2, odds 35, 750 points)', () => {
    const s = scalingOf({ method: 'pdo_odds', pdo: 60, baseScore: 750, baseOdds: 35, rate: 2 });
    expect(s.factor).toBeCloseTo(86.5617, 4);
    expect(s.offset).toBeCloseTo(750 - 86.5617 * Math.log(35), 3);
  });
});
