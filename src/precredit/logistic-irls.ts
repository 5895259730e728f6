import { CholeskyDecomposition, Matrix, QrDecomposition } from 'ml-matrix';

/**
 * Logistic regression of P(bad) by IRLS (Newton–Raphson) with an L2 penalty on the slopes (not
 * the intercept): each step solves (XᵀWX + λI)Δ = Xᵀ(y − μ) − λβ by Cholesky, or by QR when the
 * system is not positive definite. Stops when max |Δβ| < tolerance.
 */
export interface LogisticFit {
  /** [intercept, β1 … βp] on ln(bad:good). */
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty; default 1e-4 · n (a whisper that keeps separated data finite). */
  lambda?: number;
  maxIterations?: number;
  tolerance?: number;
}

/** `x` is row-major n × p (no intercept column); `y` is 1 for bad, 0 for good. */
export function fitLogistic(x: Float64Array, n: number, p: number, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticFit {
  const lambda = options.lambda ?? 1e-4 * n;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-8;
  const k = p + 1;
  const beta = new Float64Array(k);
  const hessian = new Float64Array(k * k);
  const gradient = new Float64Array(k);
  const row = new Float64Array(k);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    hessian.fill(0);
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      let eta = beta[0]!;
      for (let j = 0; j < p; j++) {
        const v = x[i * p + j]!;
        row[j + 1] = v;
        eta += beta[j + 1]! * v;
      }
      const mu = 1 / (1 + Math.exp(-eta));
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = y[i]! - mu;
      for (let a = 0; a < k; a++) {
        const ra = row[a]!;
        gradient[a]! += ra * r;
        const wa = w * ra;
        for (let b = a; b < k; b++) hessian[a * k + b]! += wa * row[b]!;
      }
    }
    const h = new Matrix(k, k);
    const g = new Matrix(k, 1);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const v = hessian[a * k + b]! + (a === b && a > 0 ? lambda : 0);
        h.set(a, b, v);
        h.set(b, a, v);
      }
      g.set(a, 0, gradient[a]! - (a > 0 ? lambda * beta[a]! : 0));
    }
    const cholesky = new CholeskyDecomposition(h);
    const step = cholesky.isPositiveDefinite() ? cholesky.solve(g) : new QrDecomposition(h).solve(g);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      const d = step.get(a, 0);
      beta[a]! += d;
      largest = Math.max(largest, Math.abs(d));
    }
    if (!beta.every(Number.isFinite)) throw new Error('logistic fit diverged');
    if (largest < tolerance) return { coefficients: Array.from(beta), iterations: iteration, converged: true };
  }
  return { coefficients: Array.from(beta), iterations: maxIterations, converged: false };
}
