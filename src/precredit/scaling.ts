import type { ScorecardDocument } from './scorecard-model.js';

/**
 * PDO/odds scaling (optbinning `pdo_odds`, toad's general `rate`): score = offset + factor·ln(odds)
 * with odds good:bad, factor = pdo / ln(rate), offset = baseScore − factor·ln(baseOdds).
 * The regression models ln(bad:good) = β0 + Σ βj·WoEj, so a bin earns −factor·βj·WoE and the
 * intercept gives basePoints = offset − factor·β0.
 */
export interface Scaling {
  factor: number;
  offset: number;
}

export function scalingOf(s: ScorecardDocument['scaling']): Scaling {
  const factor = s.pdo / Math.log(s.rate);
  return { factor, offset: s.baseScore - factor * Math.log(s.baseOdds) };
}

export function basePoints(scaling: Scaling, intercept: number): number {
  return scaling.offset - scaling.factor * intercept;
}

export function binPoints(scaling: Scaling, beta: number, woe: number): number {
  return -scaling.factor * beta * woe;
}

/** The probability of default implied by a score: the inverse of the scaling. */
export function badRateAt(scaling: Scaling, score: number): number {
  return 1 / (1 + Math.exp((score - scaling.offset) / scaling.factor));
}
