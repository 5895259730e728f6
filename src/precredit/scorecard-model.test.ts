import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model.js';
import { scorecardDocumentSchema } from './scorecard-model.js';

const messages = (doc: unknown) => {
  const result = scorecardDocumentSchema.safeParse(doc);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('scorecard model document', () => {
  it('accepts the platform default model', () => {
    expect(messages(DEFAULT_MODEL)).toEqual([]);
  });

  it('names gaps, overlaps, unknown inputs and unordered bands', () => {
    const feature = DEFAULT_MODEL.features[4]!;
    const broken = {
      ...DEFAULT_MODEL,
      features: [
        { ...feature, bins: [{ from: null, to: 24, points: 0 }, { from: 30, to: null, points: 5 }] },
        { ...feature, input: 'shoe_size' },
      ],
      bands: [...DEFAULT_MODEL.bands].reverse(),
    };
    expect(messages(broken)).toEqual(
      expect.arrayContaining([
        'features.0.bins.1: 分箱应首尾相接：from 应等于上一分箱的 to',
        'features.1.input: 未知的输入字段“shoe_size”',
        'bands.1.minScore: 等级须按最低分从高到低排列',
      ]),
    );
  });

  it('rejects a category listed in two bins', () => {
    const grade = DEFAULT_MODEL.features[0]!;
    const doc = { ...DEFAULT_MODEL, features: [{ ...grade, bins: [{ categories: ['A'], points: 1 }, { categories: ['A', 'B'], points: 2 }] }] };
    expect(messages(doc)).toEqual(['features.0.bins.1: 类别“A”出现在多个分箱中']);
  });

  it('is published as the JSON Schema in specs/precredit', () => {
    const published = JSON.parse(readFileSync(new URL('../../specs/precredit/scorecard-model.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(z.toJSONSchema(scorecardDocumentSchema, { io: 'input' }));
  });
});
