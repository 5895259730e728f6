import { describe, expect, it } from 'vitest';
import { histogram, psi, quantileEdges, verdictOf } from './psi.js';

describe('population stability index', () => {
  it('reproduces a published example to its five decimals', () => {
    // strappy 0.0.4 (PyPI), tests/test_psi.py, `test_PSI`, column x: the reference sample holds
    // 'a' six times and 'b' five times, the new sample 'a' five times and 'b' four times; the
    // published PSI, rounded to 5 decimals, is 0.00041. (Its column y has categories present on
    // one side only, where the result depends on the library's 1e-6 floor rather than ours.)
    expect(Number(psi([6, 5], [5, 4]).total.toFixed(5))).toBe(0.00041);
  });

  it('reproduces a hand-worked ten-bin example', () => {
    const expected = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    const actual = [5, 8, 9, 10, 10, 11, 11, 12, 12, 12];
    // Σ (a − e)·ln(a/e): −0.05·ln .5 + −0.02·ln .8 + −0.01·ln .9 + 0 + 0 + 2·(0.01·ln 1.1) + 3·(0.02·ln 1.2)
    const byHand = 0.034657 + 0.004463 + 0.001054 + 2 * 0.000953 + 3 * 0.003646;
    expect(psi(expected, actual).total).toBeCloseTo(byHand, 5);
  });

  it('uses the bands 0.10 and 0.25', () => {
    expect(verdictOf(0.0999)).toBe('stable');
    expect(verdictOf(0.1)).toBe('investigate');
    expect(verdictOf(0.2499)).toBe('investigate');
    expect(verdictOf(0.25)).toBe('significant');
  });

  it('stays finite when a bin is empty on one side', () => {
    const result = psi([50, 50, 0], [40, 40, 20]);
    expect(Number.isFinite(result.total)).toBe(true);
    expect(verdictOf(result.total)).toBe('significant');
  });

  it('cuts reference scores into quantile bins and counts later scores in them', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i);
    const edges = quantileEdges(scores, 4);
    expect(edges).toEqual([25, 50, 75]);
    expect(histogram(edges, scores)).toEqual([25, 25, 25, 25]);
  });
});
