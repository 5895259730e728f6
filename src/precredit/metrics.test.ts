import { describe, expect, it } from 'vitest';
import { auc, gini, ks } from './metrics.js';

describe('discrimination metrics (higher score = better)', () => {
  it('AUC counts ties as half and matches a hand count', () => {
    // goods score 3, 4, 2; bads 1, 2: pairs good>bad = (3>1,3>2,4>1,4>2,2>1) 5 + tie (2,2) 0.5 over 6
    expect(auc([3, 4, 2, 1, 2], [0, 0, 0, 1, 1])).toBeCloseTo(5.5 / 6, 12);
    expect(gini(0.75)).toBe(0.5);
  });

  it('KS is the largest gap between the cumulative bad and good shares', () => {
    expect(ks([1, 2, 3, 4], [1, 1, 0, 0])).toBe(1);
    expect(ks([1, 2, 3, 4], [1, 0, 1, 0])).toBe(0.5);
  });
});
