import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../platform/seeded-random.js';
import { fitLogistic } from './logistic-irls.js';

function gaussian(random: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

describe('IRLS logistic regression', () => {
  it('recovers known coefficients, intercept included', () => {
    const random = new SeededRandom(42);
    const n = 50_000;
    const truth = [-1.5, 0.8, -1.2, 0];
    const x = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let eta = truth[0]!;
      for (let j = 0; j < 3; j++) {
        x[i * 3 + j] = gaussian(random);
        eta += truth[j + 1]! * x[i * 3 + j]!;
      }
      y[i] = random.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    }
    const fit = fitLogistic(x, n, 3, y, { lambda: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(12);
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - truth[j]!)).toBeLessThan(0.05));
  });

  it('stays finite on perfectly separated data thanks to the L2 penalty', () => {
    const x = Float64Array.from([-2, -1, 1, 2]);
    const fit = fitLogistic(x, 4, 1, [0, 0, 1, 1], { lambda: 0.1 });
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[1]).toBeGreaterThan(0);
    expect(Number.isFinite(fit.coefficients[1])).toBe(true);
  });
});
