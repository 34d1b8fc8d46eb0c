/**
 * Quasi-complete separation: some class is predicted perfectly on part of the data (a dummy
 * that is 1 only for rows of one class, say) while the rest overlaps. The MLE does not exist
 * — the log-likelihood keeps rising as some coefficients grow — yet the solver stops with a
 * small gradient, the fit looks converged, and the information matrix is merely tiny along
 * that direction, so its inverse gives huge standard errors that look real (statsmodels
 * reports them as they are). The fit's own separation check catches complete separation only.
 *
 * The test here probes the log-likelihood along the Newton step δ = H⁻¹g that the fit would
 * take next (g the score at the fitted θ), scaled to one standard error (uᵀHu = 1), STEPS
 * standard errors away on both sides. At a real maximum ℓ is concave with slope 0, so its
 * secant slopes fall: ℓ(θ) − ℓ(θ ± s·u) ≥ s·(ℓ(θ) − ℓ(θ ± u)) ≈ s/2 for s ≥ 1, a drop of
 * about STEPS/2 at least, whatever the direction. On separated data the next Newton step
 * points along the separating direction (each Newton step there grows the diverging
 * coefficients by about 1, as gradient and curvature both shrink like e^−|β|), and along it
 * ℓ does not drop at all: it creeps up towards its supremum. A drop below MIN_DROP on either
 * side therefore means separation. (A fit that stopped λ standard errors short of a real
 * maximum, λ² the Newton decrement, is probed STEPS + 2λ away instead: ℓ ≈ λs − s²/2 there
 * still drops by more than STEPS²/2.)
 */
import { pivotedCholesky, type PivotedCholesky } from "../linalg/pivoted-cholesky.js";

const STEPS = 20;
const MIN_DROP = 1;

export interface FlatDirectionInput {
  /** The summed information, full K(d+1) parameterisation, P×P. */
  information: Float64Array;
  /** The summed score Σ w (y − p) ⊗ x̂ at θ, K(d+1). */
  score: Float64Array;
  K: number;
  d: number;
  fitIntercept: boolean;
  theta: Float64Array;
  /** The summed log-likelihood at any θ (compact layout); may throw when it overflows. */
  logLikelihood: (theta: Float64Array) => number;
}

/** Whether the log-likelihood stays flat along the next Newton step (see the header). */
export function hasFlatDirection(input: FlatDirectionInput): boolean {
  const { K, d, fitIntercept, theta } = input;
  const m = d + 1;
  const P = K * m;
  // Reference class 0: a direction in the differences θ_k − θ_0 is θ itself with class 0 fixed.
  const index: number[] = [];
  for (let k = 1; k < K; k++) for (let j = fitIntercept ? 0 : 1; j < m; j++) index.push(k * m + j);
  const q = index.length;
  const scale = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    const h = input.information[index[i] * P + index[i]];
    if (!(h > 0)) return false; // a term that is 0 everywhere: collinearity, diagnosed by inference
    scale[i] = 1 / Math.sqrt(h);
  }
  const s = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) s[i * q + j] = input.information[index[i] * P + index[j]] * scale[i] * scale[j];
  const factor = pivotedCholesky(s, q, 1e-14);
  if (factor.rank < q) return false; // singular: inference says whether collinear or separated
  // δ = H⁻¹g = D·S⁻¹·D·g, and its length in standard errors √(δᵀHδ) = √(gᵀδ).
  const delta = solve(factor, Float64Array.from(index, (p, i) => input.score[p] * scale[i]));
  let decrement = 0;
  for (let i = 0; i < q; i++) {
    delta[i] *= scale[i];
    decrement += input.score[index[i]] * delta[i];
  }
  if (!(decrement > 0 && Number.isFinite(decrement))) return false; // at the maximum exactly
  const ll = input.logLikelihood(theta);
  // √decrement is how many standard errors the maximum still is along δ (≈ 0 when converged):
  // going that much further keeps a fit that stopped short from looking flat.
  const distance = STEPS + 2 * Math.sqrt(decrement);
  for (const sign of [1, -1]) {
    const probe = Float64Array.from(theta);
    const step = (sign * distance) / Math.sqrt(decrement);
    for (let i = 0; i < q; i++) probe[index[i]] += step * delta[i];
    let drop: number;
    try {
      drop = ll - input.logLikelihood(probe);
    } catch {
      drop = Infinity; // overflowed far out: certainly not flat
    }
    if (!(drop >= MIN_DROP)) return true;
  }
  return false;
}

/** A⁻¹·b from the full-rank pivoted factorisation P·A·Pᵀ = L·Lᵀ. */
function solve(f: PivotedCholesky, b: Float64Array): Float64Array {
  const { size: n, lower: l, order } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[order[i]];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[order[i]] = y[i];
  return x;
}
