import { SeededRandom } from '../platform/seeded-random.js';
import { binCategorical, binIndex, binNumeric, type Binning, type Trend } from './binning.js';
import { INPUT_BY_CODE, type InputValue, type ModelInputs } from './input-catalog.js';
import { fitLogistic } from './logistic-irls.js';
import { auc, gini, ks } from './metrics.js';
import { histogram, quantileEdges } from './psi.js';
import { basePoints, binPoints, scalingOf } from './scaling.js';
import type { Feature, ScorecardDocument } from './scorecard-model.js';

export interface TrainingOptions {
  features: { input: string; trend?: Trend }[];
  /** Knockouts, scaling, grade bands and limit rules are taken from this version. */
  template: ScorecardDocument;
  name: string;
  holdoutShare?: number;
  seed?: number;
  lambda?: number;
}

export interface BinReport {
  label: string;
  count: number;
  bad: number;
  badRate: number;
  woe: number;
  points: number;
}

export interface TrainingReport {
  rows: number;
  trainRows: number;
  holdoutRows: number;
  badRate: number;
  /** On the hold-out split. */
  auc: number;
  ks: number;
  gini: number;
  trainAuc: number;
  iterations: number;
  converged: boolean;
  features: { input: string; label: string; iv: number; coefficient: number; bins: BinReport[] }[];
}

/** The distributions monitoring compares later months against (PSI). */
export interface ReferenceDistribution {
  scoreEdges: number[];
  scoreCounts: number[];
  /** Per input: counts per bin, the missing bin last. */
  features: Record<string, number[]>;
}

export interface TrainingResult {
  document: ScorecardDocument;
  report: TrainingReport;
  reference: ReferenceDistribution;
}

const SCORE_BINS = 10;

function binLabel(binning: Binning, i: number): string {
  if (i < 0) return '缺失';
  const b = binning.bins[i]!;
  if (b.categories) return b.categories.map(String).join('、');
  return `[${b.from ?? '-inf'}, ${b.to ?? 'inf'})`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

/** Bins, WoE, an IRLS fit on the training split and a validation report on the hold-out split. */
export function train(rows: readonly ModelInputs[], bad: ArrayLike<number>, options: TrainingOptions): TrainingResult {
  const n = rows.length;
  const random = new SeededRandom(options.seed ?? 20_261_205);
  const holdout = Uint8Array.from({ length: n }, () => (random.next() < (options.holdoutShare ?? 0.3) ? 1 : 0));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (let i = 0; i < n; i++) (holdout[i] ? testIdx : trainIdx).push(i);
  const trainBad = Uint8Array.from(trainIdx, (i) => bad[i]!);
  const inputs = options.features.map((f) => f.input);
  const column = (input: string, idx: readonly number[]): InputValue[] => idx.map((i) => rows[i]![input] ?? null);
  const binnings = options.features.map(({ input, trend }) => {
    const values = column(input, trainIdx);
    return INPUT_BY_CODE.get(input)?.kind === 'number'
      ? binNumeric(Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN)), trainBad, { trend })
      : binCategorical(values as (string | boolean | null)[], trainBad);
  });
  const p = inputs.length;
  const binsOf = (idx: readonly number[]) => idx.map((i) => binnings.map((b, j) => binIndex(b, rows[i]![inputs[j]!] ?? null)));
  const trainBins = binsOf(trainIdx);
  const woe = (j: number, bin: number) => (bin < 0 ? binnings[j]!.missing.woe : binnings[j]!.bins[bin]!.woe);
  const x = new Float64Array(trainIdx.length * p);
  trainBins.forEach((row, r) => row.forEach((bin, j) => (x[r * p + j] = woe(j, bin))));
  const fit = fitLogistic(x, trainIdx.length, p, trainBad, { lambda: options.lambda });
  const scaling = scalingOf(options.template.scaling);
  const beta = fit.coefficients;
  const pointsOf = (j: number, bin: number) => Math.round(binPoints(scaling, beta[j + 1]!, woe(j, bin)));
  const base = Math.round(basePoints(scaling, beta[0]!));
  const trainPoints = trainBins.map((row) => row.map((bin, j) => pointsOf(j, bin)));
  const features: Feature[] = binnings.map((b, j) => {
    const binPts = b.bins.map((_, i) => pointsOf(j, i));
    return {
      input: inputs[j]!,
      bins: b.bins.map((bin, i) => (b.kind === 'category' ? { categories: bin.categories!, points: binPts[i]!, woe: bin.woe } : { from: bin.from, to: bin.to, points: binPts[i]!, woe: bin.woe })),
      missingPoints: b.missing.count > 0 ? pointsOf(j, -1) : Math.min(...binPts),
      referencePoints: median(trainPoints.map((row) => row[j]!)),
    };
  });
  const scoreOf = (row: number[]) => row.reduce((s, bin, j) => s + (bin < 0 ? features[j]!.missingPoints : features[j]!.bins[bin]!.points), base);
  const trainScores = trainBins.map(scoreOf);
  const testScores = binsOf(testIdx).map(scoreOf);
  const testBad = Uint8Array.from(testIdx, (i) => bad[i]!);
  const heldAuc = auc(testScores, testBad);
  let bads = 0;
  for (let i = 0; i < n; i++) bads += bad[i]!;
  const scoreEdges = quantileEdges(trainScores, SCORE_BINS);
  const document: ScorecardDocument = {
    ...options.template,
    name: options.name,
    description: `由 ${n} 条带结果样本训练生成（留出集 AUC ${heldAuc.toFixed(3)}）`,
    basePoints: base,
    features,
  };
  return {
    document,
    report: {
      rows: n,
      trainRows: trainIdx.length,
      holdoutRows: testIdx.length,
      badRate: n ? bads / n : 0,
      auc: heldAuc,
      ks: ks(testScores, testBad),
      gini: gini(heldAuc),
      trainAuc: auc(trainScores, trainBad),
      iterations: fit.iterations,
      converged: fit.converged,
      features: binnings.map((b, j) => ({
        input: inputs[j]!,
        label: INPUT_BY_CODE.get(inputs[j]!)?.label ?? inputs[j]!,
        iv: b.iv,
        coefficient: beta[j + 1]!,
        bins: [...b.bins.map((bin, i) => ({ i, bin })), { i: -1, bin: b.missing }].map(({ i, bin }) => ({
          label: binLabel(b, i),
          count: bin.count,
          bad: bin.bad,
          badRate: bin.count ? bin.bad / bin.count : 0,
          woe: bin.woe,
          points: i < 0 ? features[j]!.missingPoints : features[j]!.bins[i]!.points,
        })),
      })),
    },
    reference: {
      scoreEdges,
      scoreCounts: histogram(scoreEdges, trainScores),
      features: Object.fromEntries(
        inputs.map((input, j) => {
          const counts = new Array<number>(binnings[j]!.bins.length + 1).fill(0);
          for (const row of trainBins) counts[row[j]! < 0 ? counts.length - 1 : row[j]!]!++;
          return [input, counts];
        }),
      ),
    },
  };
}
