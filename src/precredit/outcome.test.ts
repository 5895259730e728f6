import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model.js';
import { Scorecard } from './evaluate.js';
import { inputsHash } from './profile-inputs.js';
import { syntheticSample } from './synthetic-sample.js';

const card = new Scorecard(DEFAULT_MODEL);
const rows = syntheticSample(2000, 5).rows;

describe('white-list results after the run was made faster', () => {
  it('gives a 2,000-row sample the same evaluations and input hashes as before', () => {
    const digest = createHash('sha256');
    for (const r of rows) digest.update(JSON.stringify(card.evaluate(r))).update(inputsHash(r));
    // Recorded with the per-row `evaluate` and `JSON.stringify` hashing the run used before.
    expect(digest.digest('hex')).toBe('c3f6877ce7140682cd2a3b8077ccb5c68e613328735e423447dfcba309a1e87b');
  });

  it('writes the points, bins and reasons that the explained evaluation shows', () => {
    for (const r of rows.slice(0, 300)) {
      const full = card.evaluate(r);
      const o = card.outcome(r);
      expect({ ...o, points: [...o.points], bins: [...o.bins] }).toEqual({
        decision: full.decision,
        score: full.score,
        grade: full.grade,
        limit: full.limit,
        points: full.points.map((p) => p.points),
        bins: full.points.map((p) => p.bin),
        reasons: full.reasons,
      });
    }
  });
});
