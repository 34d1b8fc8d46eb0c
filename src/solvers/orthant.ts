/**
 * The orthant geometry of f(θ) + λ₁‖W‖₁ (f smooth) that the L1 solvers share. Inside an
 * orthant (every weight keeps its sign, or stays 0) the objective is smooth:
 * f(θ) + λ₁ Σ σ_i w_i, with gradient the minimum-norm subgradient on the "face" of
 * parameters allowed to move. A method takes a step on that face and projects it back into
 * the orthant: a weight that would cross zero stops at exactly 0 (so many weights can
 * enter or leave the support in one step, and zeros are exact, never 1e-17).
 *
 * The softmax's null directions (the same value added to every class of one column): the
 * loss does not see them, so the face must not contain a whole one unless the penalty's
 * smooth part curves along it. The intercepts' is pinned by leaving out the last class's
 * intercept (re-centred at the end). With L1 alone (λ₂ = 0) the L1 term decides the
 * position along a feature's direction: it is smallest at the feature's median across
 * classes, so `centreOnMedians` moves every trial point there (the loss is unchanged) and a
 * feature whose K weights would all be free leaves its smallest one pinned for that step.
 */
import type { Objective } from "../objective/objective.js";

/**
 * f + λ₁‖W‖₁ at θ, with ∇f into `smoothOut` and the minimum-norm subgradient of the whole
 * objective (its max-norm is the KKT residual) into `pgOut`.
 */
export function evaluateComposite(objective: Objective, theta: Float64Array, smoothOut: Float64Array, pgOut: Float64Array): number {
  const value = objective.lossGradient(theta, smoothOut) + objective.penalty.l1Value(theta);
  objective.penalty.minimumNormSubgradient(theta, smoothOut, pgOut);
  return value;
}

/** The parameters a step may move and the orthant it must stay in. */
export interface Face {
  /** Indices (compact layout) of the free parameters, ascending. */
  free: Int32Array;
  /** Per parameter: the sign a weight must keep (+1, −1), 0 for intercepts (unconstrained). */
  sign: Int8Array;
}

/**
 * The face at θ given the minimum-norm subgradient `pg` there: the intercepts (but the last
 * class's), every non-zero weight (keeping its sign), and every zero weight whose
 * subgradient is non-zero (|∂f| > λ₁), with the sign that lowers the objective.
 */
export function faceAt(objective: Objective, theta: Float64Array, pg: Float64Array, sign: Int8Array): Face {
  const { K, d, fitIntercept, penalty } = objective;
  const m = d + 1;
  const isFree = new Uint8Array(theta.length);
  for (let k = 0; k < K; k++) {
    if (fitIntercept && k < K - 1) isFree[k * m] = 1;
    sign[k * m] = 0;
    for (let j = 1; j < m; j++) {
      const i = k * m + j;
      const w = theta[i];
      sign[i] = w > 0 ? 1 : w < 0 ? -1 : pg[i] < 0 ? 1 : pg[i] > 0 ? -1 : 0;
      isFree[i] = sign[i] !== 0 ? 1 : 0;
    }
  }
  if (penalty.l2 === 0) {
    // A feature's null direction would be free: pin its smallest weight (a zero if any; the last class on ties).
    for (let j = 1; j < m; j++) {
      let pinned = -1;
      for (let k = 0; k < K; k++) {
        const i = k * m + j;
        if (!isFree[i]) {
          pinned = -1;
          break;
        }
        if (pinned < 0 || Math.abs(theta[i]) <= Math.abs(theta[pinned])) pinned = i;
      }
      if (pinned >= 0) isFree[pinned] = 0;
    }
  }
  let count = 0;
  for (let i = 0; i < theta.length; i++) count += isFree[i];
  const free = new Int32Array(count);
  for (let i = 0, c = 0; i < theta.length; i++) if (isFree[i]) free[c++] = i;
  return { free, sign };
}

/**
 * trial = θ + t·direction on the face, projected into the orthant (a weight that would
 * change sign becomes exactly 0). Returns the predicted change pgᵀ(trial − θ): negative
 * for a descent step.
 */
export function projectedStep(
  face: Face,
  theta: Float64Array,
  pg: Float64Array,
  direction: Float64Array,
  t: number,
  trial: Float64Array,
): number {
  trial.set(theta);
  let predicted = 0;
  const { free, sign } = face;
  for (let c = 0; c < free.length; c++) {
    const i = free[c];
    let v = theta[i] + t * direction[i];
    if (sign[i] !== 0 && !(v * sign[i] > 0)) v = 0;
    trial[i] = v;
    predicted += pg[i] * (v - theta[i]);
  }
  return predicted;
}

/**
 * With L1 alone, move each feature's K weights by the same amount to the position that
 * minimises their L1 norm (the loss is invariant): subtract the median, for an even K the
 * nearest point of the median interval (nothing if 0 is in it). The median weight becomes
 * exactly 0. Returns whether anything moved.
 */
export function centreOnMedians(theta: Float64Array, K: number, d: number): boolean {
  const m = d + 1;
  const values = new Float64Array(K);
  let moved = false;
  for (let j = 1; j < m; j++) {
    for (let k = 0; k < K; k++) values[k] = theta[k * m + j];
    values.sort();
    const low = values[(K - 1) >> 1];
    const high = values[K >> 1];
    const shift = low > 0 ? low : high < 0 ? high : 0;
    if (shift === 0) continue;
    moved = true;
    for (let k = 0; k < K; k++) theta[k * m + j] -= shift;
  }
  return moved;
}

/**
 * Shift each column j of `columns` along the softmax's null direction (w_k → w_k + c for
 * every class k) to the c that minimises the elastic-net penalty Σ_k λ₂/2 (w_k + c)² + λ₁|w_k + c|:
 * the loss does not change, so the objective only falls. centreOnMedians is the λ₂ = 0 case.
 * Used on the columns whose null direction is too weakly curved for the Newton step to
 * take (orthant-newton.ts); the minimiser is found exactly on the breakpoints c = −w_k.
 */
export function centreOnPenaltyMinimum(theta: Float64Array, K: number, d: number, columns: readonly number[], l1: number, l2: number): void {
  const m = d + 1;
  const w = new Float64Array(K);
  for (const j of columns) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += w[k] = theta[k * m + j];
    w.sort();
    const c = penaltyMinimiser(w, sum, l1, l2);
    if (c !== 0) for (let k = 0; k < K; k++) theta[k * m + j] += c;
  }
}

/** argmin_c Σ λ₂/2 (w_k + c)² + λ₁|w_k + c| for ascending w (λ₂ > 0) with Σw = sum. */
function penaltyMinimiser(w: Float64Array, sum: number, l1: number, l2: number): number {
  const K = w.length;
  // Between breakpoints the derivative λ₂(sum + Kc) + λ₁(#positive − #negative) is linear in c.
  // With c in (−w[i], −w[i−1]) (descending breakpoints), the terms w_k + c are positive for k ≥ i.
  for (let i = 0; i <= K; i++) {
    const positive = K - i;
    const negative = i;
    const c = (-l1 * (positive - negative) / l2 - sum) / K;
    const upper = i === 0 ? Infinity : -w[i - 1];
    const lower = i === K ? -Infinity : -w[i];
    if (c > lower && c < upper) return c;
  }
  // Otherwise the minimum sits on a breakpoint, where 0 is in the subdifferential.
  for (let i = 0; i < K; i++) {
    const c = -w[i];
    let positive = 0;
    let zero = 0;
    for (let k = 0; k < K; k++) {
      const v = w[k] + c;
      if (v > 0) positive++;
      else if (v === 0) zero++;
    }
    const negative = K - positive - zero;
    const slope = l2 * (sum + K * c) + l1 * (positive - negative);
    if (Math.abs(slope) <= l1 * zero) return c;
  }
  return 0;
}
