/**
 * Supervised binning in the manner of optbinning's defaults: quantile pre-binning into at most 20
 * bins of at least 5 % each, then adjacent merges under a monotone event-rate trend (pool
 * adjacent violators), then down to `maxBins`. Missing values get their own bin.
 *
 * WoE sign (stated once, optbinning's): WoE = ln(%good / %bad). A riskier bin has a NEGATIVE WoE.
 * IV = Σ (%good − %bad)·WoE. Zero counts are floored at 0.5 so no bin is infinite.
 */
export type Trend = 'ascending' | 'descending' | 'auto' | 'none';

export interface BinningOptions {
  maxPrebins?: number;
  minBinShare?: number;
  maxBins?: number;
  /** Trend of the bad rate as the value grows (numeric inputs only). */
  trend?: Trend;
}

export interface BinStat {
  /** Numeric: half-open [from, to), null is infinite. */
  from: number | null;
  to: number | null;
  /** Categorical: the values in this bin. */
  categories?: (string | boolean)[];
  count: number;
  bad: number;
  woe: number;
  iv: number;
}

export interface Binning {
  kind: 'number' | 'category';
  bins: BinStat[];
  missing: BinStat;
  iv: number;
}

interface Group {
  count: number;
  bad: number;
  /** Numeric: index of the last pre-bin in the group. Categorical: the values. */
  last: number;
  categories: (string | boolean)[];
}

const rate = (g: Group) => (g.count === 0 ? 0 : g.bad / g.count);

export function woeOf(good: number, bad: number, totalGood: number, totalBad: number): number {
  return Math.log(Math.max(good, 0.5) / totalGood / (Math.max(bad, 0.5) / totalBad));
}

function join(a: Group, b: Group): Group {
  return { count: a.count + b.count, bad: a.bad + b.bad, last: b.last, categories: [...a.categories, ...b.categories] };
}

/** Merges groups smaller than `minCount` into the neighbour with the closer bad rate. */
function mergeSmall(groups: Group[], minCount: number): Group[] {
  const out = [...groups];
  for (;;) {
    if (out.length <= 1) return out;
    let smallest = -1;
    for (let i = 0; i < out.length; i++) if (out[i]!.count < minCount && (smallest < 0 || out[i]!.count < out[smallest]!.count)) smallest = i;
    if (smallest < 0) return out;
    const left = smallest > 0 ? Math.abs(rate(out[smallest - 1]!) - rate(out[smallest]!)) : Infinity;
    const right = smallest < out.length - 1 ? Math.abs(rate(out[smallest + 1]!) - rate(out[smallest]!)) : Infinity;
    const at = left <= right ? smallest - 1 : smallest;
    out.splice(at, 2, join(out[at]!, out[at + 1]!));
  }
}

/** Pool adjacent violators: the bad rate becomes non-decreasing (ascending) or non-increasing. */
function monotone(groups: Group[], ascending: boolean): Group[] {
  const stack: Group[] = [];
  for (const g of groups) {
    let current = g;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const violates = ascending ? rate(top) > rate(current) : rate(top) < rate(current);
      if (!violates) break;
      stack.pop();
      current = join(top, current);
    }
    stack.push(current);
  }
  return stack;
}

function capBins(groups: Group[], maxBins: number): Group[] {
  const out = [...groups];
  while (out.length > maxBins) {
    let best = 0;
    for (let i = 1; i < out.length - 1; i++) {
      if (Math.abs(rate(out[i]!) - rate(out[i + 1]!)) < Math.abs(rate(out[best]!) - rate(out[best + 1]!))) best = i;
    }
    out.splice(best, 2, join(out[best]!, out[best + 1]!));
  }
  return out;
}

function stats(groups: Group[], missing: { count: number; bad: number }, totalBad: number, totalGood: number, edge: (g: Group, i: number) => Pick<BinStat, 'from' | 'to' | 'categories'>) {
  const stat = (count: number, bad: number) => {
    const woe = count === 0 ? 0 : woeOf(count - bad, bad, totalGood, totalBad);
    return { count, bad, woe, iv: count === 0 ? 0 : ((count - bad) / totalGood - bad / totalBad) * woe };
  };
  const bins = groups.map((g, i) => ({ ...edge(g, i), ...stat(g.count, g.bad) }));
  const missingBin = { from: null, to: null, ...stat(missing.count, missing.bad) };
  return { bins, missing: missingBin, iv: bins.reduce((s, b) => s + b.iv, 0) + missingBin.iv };
}

/** Bins a numeric input; NaN is missing. `bad` is 1 for a bad outcome. */
export function binNumeric(values: Float64Array, bad: ArrayLike<number>, options: BinningOptions = {}): Binning {
  const { maxPrebins = 20, minBinShare = 0.05, maxBins = 8, trend = 'auto' } = options;
  const n = values.length;
  let totalBad = 0;
  for (let i = 0; i < n; i++) totalBad += bad[i]!;
  const totalGood = n - totalBad;
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const m = present.length;
  const cuts: number[] = [];
  for (let q = 1; q < maxPrebins; q++) {
    const v = present[Math.floor((q * m) / maxPrebins)];
    if (v !== undefined && v > present[0]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v);
  }
  const counts = new Float64Array(cuts.length + 1);
  const bads = new Float64Array(cuts.length + 1);
  const missing = { count: 0, bad: 0 };
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      missing.count++;
      missing.bad += bad[i]!;
      continue;
    }
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v >= cuts[mid]!) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
    bads[lo]! += bad[i]!;
  }
  let groups: Group[] = Array.from(counts, (count, i) => ({ count, bad: bads[i]!, last: i, categories: [] }));
  groups = mergeSmall(groups, minBinShare * m);
  const edge = (g: Group, i: number, all: Group[]) => ({ from: i === 0 ? null : cuts[all[i - 1]!.last]!, to: i === all.length - 1 ? null : cuts[g.last]! });
  const finish = (gs: Group[]) => stats(gs, missing, totalBad, totalGood, (g, i) => edge(g, i, gs));
  const candidates =
    trend === 'none'
      ? [groups]
      : trend === 'auto'
        ? [monotone(groups, true), monotone(groups, false)]
        : [monotone(groups, trend === 'ascending')];
  const results = candidates.map((gs) => finish(capBins(gs, maxBins)));
  const best = results.reduce((a, b) => (b.iv > a.iv ? b : a));
  return { kind: 'number', ...best };
}

/** Bins a categorical input: categories ordered by bad rate, small ones merged with their neighbours. */
export function binCategorical(values: readonly (string | boolean | null)[], bad: ArrayLike<number>, options: BinningOptions = {}): Binning {
  const { minBinShare = 0.05, maxBins = 8 } = options;
  let totalBad = 0;
  const byValue = new Map<string | boolean, Group>();
  const missing = { count: 0, bad: 0 };
  values.forEach((v, i) => {
    totalBad += bad[i]!;
    if (v === null) {
      missing.count++;
      missing.bad += bad[i]!;
      return;
    }
    const g = byValue.get(v) ?? { count: 0, bad: 0, last: 0, categories: [v] };
    g.count++;
    g.bad += bad[i]!;
    byValue.set(v, g);
  });
  const present = values.length - missing.count;
  const sorted = [...byValue.values()].sort((a, b) => rate(a) - rate(b) || String(a.categories[0]).localeCompare(String(b.categories[0])));
  const groups = capBins(mergeSmall(sorted, minBinShare * present), maxBins);
  const result = stats(groups, missing, totalBad, values.length - totalBad, (g) => ({ from: null, to: null, categories: g.categories }));
  return { kind: 'category', ...result };
}

/** The bin index of a value under a binning; -1 is the missing bin (also an unseen category). */
export function binIndex(binning: Binning, value: number | string | boolean | null): number {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return -1;
  if (binning.kind === 'category') return binning.bins.findIndex((b) => b.categories!.includes(value as string | boolean));
  const bins = binning.bins;
  let i = 0;
  while (i < bins.length - 1 && (value as number) >= bins[i]!.to!) i++;
  return i;
}
