import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model.js';
import { Scorecard } from './evaluate.js';
import { auc } from './metrics.js';
import { scorecardDocumentSchema } from './scorecard-model.js';
import { syntheticSample, trueLogOdds } from './synthetic-sample.js';
import { train } from './train.js';

const FEATURES = DEFAULT_MODEL.features.map((f) => ({ input: f.input }));

describe('training on synthetic outcomes with a known signal', () => {
  const sample = syntheticSample(30_000, 11);
  const result = train(sample.rows, sample.bad, { features: FEATURES, template: DEFAULT_MODEL, name: '测试训练模型' });

  it('recovers the signal: hold-out AUC well above 0.5 and close to the true model', () => {
    const truthAuc = auc(sample.rows.map((r) => -trueLogOdds(r)), sample.bad);
    const { report } = result;
    expect(report.converged).toBe(true);
    expect(report.auc).toBeGreaterThan(0.72);
    expect(report.auc).toBeGreaterThan(truthAuc - 0.03);
    expect(report.gini).toBeCloseTo(2 * report.auc - 1, 12);
    expect(report.ks).toBeGreaterThan(0.3);
    expect(report.holdoutRows + report.trainRows).toBe(30_000);
  });

  it('gives signal inputs a high IV and a negative-risk coefficient, noise inputs little', () => {
    const iv = Object.fromEntries(result.report.features.map((f) => [f.input, f.iv]));
    expect(iv.latest_tax_grade).toBeGreaterThan(0.1);
    expect(iv.open_execution_cases).toBeGreaterThan(0.02);
    expect(iv.permits_valid).toBeLessThan(0.01);
    const grade = result.report.features.find((f) => f.input === 'latest_tax_grade')!;
    expect(grade.coefficient).toBeLessThan(0);
  });

  it('emits a valid model whose points rank risk the same way as the fit', () => {
    const doc = scorecardDocumentSchema.parse(result.document);
    const card = new Scorecard(doc);
    const grade = doc.features.find((f) => f.input === 'latest_tax_grade')!;
    const pointsOf = (g: string) => grade.bins.find((b) => b.categories?.includes(g))!.points;
    expect(pointsOf('A')).toBeGreaterThan(pointsOf('B'));
    expect(pointsOf('B')).toBeGreaterThan(pointsOf('D'));
    const scores = sample.rows.map((r) => card.evaluate(r).score);
    expect(auc(scores, sample.bad)).toBeGreaterThan(0.72);
    expect(result.reference.scoreCounts.reduce((a, b) => a + b, 0)).toBe(result.report.trainRows);
  });
});
