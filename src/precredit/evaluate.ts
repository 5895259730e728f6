import { INPUT_BY_CODE, type InputValue, type ModelInputs } from './input-catalog.js';
import { describeInput } from './reason-text.js';
import type { Band, Feature, Knockout, ScorecardDocument } from './scorecard-model.js';

export interface FeaturePoints {
  input: string;
  /** Index of the bin the value fell in; -1 is the missing bin. */
  bin: number;
  points: number;
  reasonCode: string;
}

export interface Reason {
  code: string;
  /** A plain Chinese sentence about the enterprise's own value, e.g. "近12个月纳税额同比下降35%". */
  text: string;
  effect: 'positive' | 'negative';
  /** Points against the feature's reference (median) points. */
  deviation: number;
}

export interface Evaluation {
  /** `knockout`: a hard rule declined the firm, whatever its score. */
  decision: 'knockout' | 'graded' | 'ungraded';
  score: number;
  grade: string | null;
  /** 预授信额度, a decimal string in 元; null when the band grants none. */
  limit: string | null;
  points: FeaturePoints[];
  /** Top 3 reasons; on a knockout, the knockout rules that held come first. */
  reasons: Reason[];
}

/**
 * An evaluation without per-feature objects (what a white-list run writes): points and bins by
 * feature position. `evaluate` is built on it, so both give the same result.
 */
export interface Outcome {
  decision: Evaluation['decision'];
  score: number;
  grade: string | null;
  limit: string | null;
  points: Int32Array;
  bins: Int32Array;
  reasons: Reason[];
}

/** The compact outcome of one evaluation; `explain` turns it into an `Evaluation`. */
export interface Decision {
  score: number;
  /** Index into bands; -1 below every band. */
  band: number;
  /** Index of the first knockout that held; -1 none. */
  knockout: number;
}

const TOP_REASONS = 3;

function same(actual: InputValue, expected: InputValue): boolean {
  return typeof actual === 'number' && typeof expected === 'string' ? actual === Number(expected) : actual === expected;
}

/**
 * A knockout resolved once: the hot loop switches on `op` instead of calling a closure per rule
 * (closures made the call site megamorphic), and `in`/`notIn` look up a Set.
 */
interface CompiledKnockout {
  input: string;
  op: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
  whenMissing: boolean;
  number: number;
  scalar: InputValue;
  /** For in / notIn; a numeric string is also present as its number. */
  set: Set<string | number | boolean>;
}

const OPS = { eq: 0, ne: 1, in: 2, notIn: 3, gt: 4, gte: 5, lt: 6, lte: 7 } as const;

function compileKnockout(k: Knockout): CompiledKnockout {
  const list = Array.isArray(k.value) ? k.value : [k.value];
  const set = new Set<string | number | boolean>();
  for (const v of list) {
    set.add(v);
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) set.add(Number(v));
  }
  return { input: k.input, op: OPS[k.operator], whenMissing: k.whenMissing, number: Number(list[0]), scalar: list[0]!, set };
}

function holds(k: CompiledKnockout, actual: InputValue | undefined): boolean {
  if (actual === undefined || actual === null) return k.whenMissing;
  switch (k.op) {
    case 0:
      return same(actual, k.scalar);
    case 1:
      return !same(actual, k.scalar);
    case 2:
      return k.set.has(actual);
    case 3:
      return !k.set.has(actual);
    case 4:
      return typeof actual === 'number' && actual > k.number;
    case 5:
      return typeof actual === 'number' && actual >= k.number;
    case 6:
      return typeof actual === 'number' && actual < k.number;
    default:
      return typeof actual === 'number' && actual <= k.number;
  }
}

/** A feature's bins as flat arrays: the hot loop reads no objects. */
interface CompiledFeature {
  input: string;
  numeric: boolean;
  /** Upper edges of bins 0..n-2 (the last bin is open); value < upper[i] means bin i. */
  upper: Float64Array;
  categories: Map<string | boolean, number>;
  points: Int32Array;
  missingPoints: number;
  reference: number;
  /** Reason code per bin, the missing bin's last. */
  codes: string[];
}

function compileFeature(f: Feature): CompiledFeature {
  const numeric = f.bins.every((b) => b.categories === undefined);
  const categories = new Map<string | boolean, number>();
  if (!numeric) f.bins.forEach((b, i) => b.categories!.forEach((c) => categories.set(c, i)));
  return {
    input: f.input,
    numeric,
    upper: Float64Array.from(f.bins.slice(0, -1).map((b) => b.to ?? Infinity)),
    categories,
    points: Int32Array.from(f.bins.map((b) => b.points)),
    missingPoints: f.missingPoints,
    reference: f.referencePoints,
    codes: [...f.bins.map((_, i) => `${f.input}.bin${i}`), `${f.input}.missing`],
  };
}

/** The bin index of a value; -1 for missing (absent, null, NaN, a wrong type or an unlisted category). */
function binOf(f: CompiledFeature, value: InputValue | undefined): number {
  if (value === undefined || value === null) return -1;
  if (f.numeric) {
    if (typeof value !== 'number' || Number.isNaN(value)) return -1;
    const upper = f.upper;
    let i = 0;
    while (i < upper.length && value >= upper[i]!) i++;
    return i;
  }
  return f.categories.get(value as string | boolean) ?? -1;
}

function limitFor(band: Band, inputs: ModelInputs): string | null {
  const rule = band.limit;
  if (!rule) return null;
  const base = inputs[rule.input];
  if (typeof base !== 'number' || !(base > 0)) return '0.00';
  const raw = Math.floor((base * rule.multiple) / rule.roundTo) * rule.roundTo;
  const cap = Number(rule.cap);
  return `${Math.min(raw, cap).toFixed(0)}.00`;
}

/** A model version compiled for evaluation; pure and deterministic: the same inputs give the same result. */
export class Scorecard {
  private readonly features: CompiledFeature[];
  private readonly knockouts: CompiledKnockout[];
  private readonly minBandScores: Float64Array;
  /** Lowest score that earns a limit: above it reasons say what helped, below it what hurt (toad `get_reason`). */
  private readonly threshold: number;
  /** Each feature's position when the features are ordered by input name: breaks ties between reasons. */
  private readonly nameRank: Int32Array;
  /** Scratch for `outcome`: each feature's points against its reference, read before it returns. */
  private readonly deviations: Float64Array;

  constructor(readonly document: ScorecardDocument) {
    this.features = document.features.map(compileFeature);
    this.knockouts = document.knockouts.map(compileKnockout);
    this.minBandScores = Float64Array.from(document.bands.map((b) => b.minScore));
    const granting = document.bands.filter((b) => b.limit !== null);
    this.threshold = granting.length ? granting[granting.length - 1]!.minScore : Infinity;
    const byName = this.features.map((_, i) => i).sort((a, b) => this.features[a]!.input.localeCompare(this.features[b]!.input) || a - b);
    this.nameRank = new Int32Array(this.features.length);
    byName.forEach((feature, position) => (this.nameRank[feature] = position));
    this.deviations = new Float64Array(this.features.length);
  }

  /** The inputs this model reads (features, knockouts and limit rules). */
  inputs(): string[] {
    const d = this.document;
    return [...new Set([...d.knockouts.map((k) => k.input), ...d.features.map((f) => f.input), ...d.bands.flatMap((b) => (b.limit ? [b.limit.input] : []))])].sort();
  }

  /** The hot path: knockouts, bin look-ups and adds; writes each feature's bin into `bins`. */
  decide(inputs: ModelInputs, bins: Int32Array): Decision {
    const knockouts = this.knockouts;
    let knockout = -1;
    for (let k = 0; k < knockouts.length; k++) {
      const rule = knockouts[k]!;
      if (holds(rule, inputs[rule.input])) {
        knockout = k;
        break;
      }
    }
    let score = this.document.basePoints;
    const features = this.features;
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      const bin = binOf(f, inputs[f.input]);
      bins[i] = bin;
      score += bin < 0 ? f.missingPoints : f.points[bin]!;
    }
    const mins = this.minBandScores;
    let band = -1;
    for (let b = 0; b < mins.length; b++) {
      if (score >= mins[b]!) {
        band = b;
        break;
      }
    }
    return { score, band, knockout };
  }

  /** The full, explained result: per-feature points, grade, limit and the top reasons in Chinese. */
  evaluate(inputs: ModelInputs): Evaluation {
    const o = this.outcome(inputs);
    const features = this.features;
    const points: FeaturePoints[] = new Array(features.length);
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      const bin = o.bins[i]!;
      points[i] = { input: f.input, bin, points: o.points[i]!, reasonCode: f.codes[bin < 0 ? f.codes.length - 1 : bin]! };
    }
    return { decision: o.decision, score: o.score, grade: o.grade, limit: o.limit, points, reasons: o.reasons };
  }

  /**
   * The features with the largest deviations in the reason's direction (at or above the
   * threshold what helped, below it what hurt), at most TOP_REASONS, largest first; equal
   * deviations in the order of their inputs' names (localeCompare, ranked once per model).
   * The same order as sorting them all, without a comparator call per pair.
   */
  private topReasons(deviations: Float64Array, above: boolean): number[] {
    const rank = this.nameRank;
    const top: number[] = [];
    for (let i = 0; i < deviations.length; i++) {
      const d = deviations[i]!;
      if (above ? !(d > 0) : !(d < 0)) continue;
      let at = top.length;
      // Move ahead of each kept feature it goes before: larger deviation (smaller when below), then name.
      while (at > 0) {
        const other = top[at - 1]!;
        const diff = above ? d - deviations[other]! : deviations[other]! - d;
        if (!(diff > 0 || (diff === 0 && rank[i]! < rank[other]!))) break;
        at--;
      }
      if (at >= TOP_REASONS) continue;
      top.splice(at, 0, i);
      if (top.length > TOP_REASONS) top.pop();
    }
    return top;
  }

  /** Grade, limit and the top reasons in Chinese, with points and bins as arrays. */
  outcome(inputs: ModelInputs): Outcome {
    const features = this.features;
    const bins = new Int32Array(features.length);
    const decision = this.decide(inputs, bins);
    const points = new Int32Array(features.length);
    const deviations = this.deviations;
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      const bin = bins[i]!;
      const p = bin < 0 ? f.missingPoints : f.points[bin]!;
      points[i] = p;
      deviations[i] = p - f.reference;
    }
    const above = decision.score >= this.threshold;
    const top = this.topReasons(deviations, above);
    const reasons = top.map((i): Reason => {
      const f = features[i]!;
      const bin = bins[i]!;
      return {
        code: f.codes[bin < 0 ? f.codes.length - 1 : bin]!,
        text: describeInput(INPUT_BY_CODE.get(f.input)!, inputs[f.input] ?? null),
        effect: deviations[i]! > 0 ? 'positive' : 'negative',
        deviation: deviations[i]!,
      };
    });
    if (decision.knockout >= 0) {
      const held = this.document.knockouts.filter((k, i) => holds(this.knockouts[i]!, inputs[k.input]));
      const knockoutReasons = held.map((k): Reason => ({ code: k.reasonCode, text: k.reason, effect: 'negative', deviation: 0 }));
      return { decision: 'knockout', score: decision.score, grade: null, limit: null, points, bins, reasons: [...knockoutReasons, ...reasons].slice(0, TOP_REASONS) };
    }
    const band = decision.band >= 0 ? this.document.bands[decision.band]! : undefined;
    return {
      decision: band ? 'graded' : 'ungraded',
      score: decision.score,
      grade: band?.grade ?? null,
      limit: band ? limitFor(band, inputs) : null,
      points,
      bins,
      reasons,
    };
  }
}
