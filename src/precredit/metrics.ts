/**
 * Discrimination of a score against outcomes (bad = 1). The score is "higher is better", so
 * AUC is the probability that a random good scores above a random bad (ties count half).
 */
export function auc(scores: ArrayLike<number>, bad: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let goods = 0;
  let bads = 0;
  let goodRankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (bad[order[k]!] === 1) bads++;
      else {
        goods++;
        goodRankSum += midRank;
      }
    }
    i = j;
  }
  if (goods === 0 || bads === 0) return 0.5;
  return (goodRankSum - (goods * (goods + 1)) / 2) / (goods * bads);
}

/** Kolmogorov–Smirnov: the largest gap between the cumulative bad and good shares along the score. */
export function ks(scores: ArrayLike<number>, bad: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let totalBad = 0;
  for (let i = 0; i < n; i++) totalBad += bad[i]!;
  const totalGood = n - totalBad;
  if (totalBad === 0 || totalGood === 0) return 0;
  let cumBad = 0;
  let cumGood = 0;
  let best = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (bad[order[j]!] === 1) cumBad++;
      else cumGood++;
      j++;
    }
    best = Math.max(best, Math.abs(cumBad / totalBad - cumGood / totalGood));
    i = j;
  }
  return best;
}

export const gini = (areaUnderCurve: number) => 2 * areaUnderCurve - 1;
