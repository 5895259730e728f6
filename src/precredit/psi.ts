/**
 * Population stability index: PSI = Σ (actualᵢ − expectedᵢ)·ln(actualᵢ / expectedᵢ) over bin
 * proportions (optbinning computes the same Jeffrey divergence). An empty bin on one side would
 * make it infinite (toad has no guard), so every proportion is floored at EPSILON.
 */
export const EPSILON = 1e-4;

export type PsiVerdict = 'stable' | 'investigate' | 'significant';

/** optbinning's bands: [0, 0.10) no significant change, [0.10, 0.25) requires investigation, ≥ 0.25 significant change. */
export const PSI_BANDS = { investigate: 0.1, significant: 0.25 } as const;

export const PSI_VERDICT_LABELS: Record<PsiVerdict, string> = {
  stable: '无显著变化',
  investigate: '需要关注',
  significant: '显著变化',
};

export function verdictOf(psi: number): PsiVerdict {
  return psi >= PSI_BANDS.significant ? 'significant' : psi >= PSI_BANDS.investigate ? 'investigate' : 'stable';
}

function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => Math.max(total > 0 ? c / total : 0, EPSILON));
}

/** PSI per bin and in total, from counts (or proportions) over the same bins. */
export function psi(expected: readonly number[], actual: readonly number[]): { total: number; bins: number[] } {
  if (expected.length !== actual.length) throw new Error('PSI needs the same bins on both sides');
  const e = proportions(expected);
  const a = proportions(actual);
  const bins = e.map((ei, i) => (a[i]! - ei) * Math.log(a[i]! / ei));
  return { total: bins.reduce((s, x) => s + x, 0), bins };
}

/** Counts of `values` in the half-open bins cut by ascending `edges` (edges.length + 1 bins). */
export function histogram(edges: readonly number[], values: Iterable<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < edges.length && v >= edges[i]!) i++;
    counts[i]!++;
  }
  return counts;
}

/** Up to `n` quantile cut points of `values` (distinct, ascending): the score bins of a reference. */
export function quantileEdges(values: readonly number[], n: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const edges: number[] = [];
  for (let q = 1; q < n; q++) {
    const v = sorted[Math.floor((q * sorted.length) / n)];
    if (v !== undefined && v > sorted[0]! && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v);
  }
  return edges;
}
