/**
 * The optimum with every weight at zero, and λ₁_max, the smallest L1 strength at which it is
 * the optimum of the whole problem. With W = 0 the probabilities are softmax(b) for every
 * row, so the intercepts' optimum makes them the weighted class frequencies ȳ:
 * b_k = log ȳ_k (centred). ȳ is read off the gradient at θ = 0, whose intercept entries are
 * 1/K − ȳ_k, so nothing beyond the objective's gradient is needed. The L2 part has no
 * gradient at W = 0, so W = 0 stays optimal under λ₁‖W‖₁ exactly while
 * λ₁ ≥ max |∂f/∂W_jk| there. The solver and l1Max compute both the same way (the same bits
 * from the same kernels), so a fit at λ₁ = λ₁_max starts at an optimum where every weight is 0.
 */
import type { Objective } from "./objective.js";

/** What these computations need of an objective: its shape and ∇f (loss plus L2 part) into `out`. */
export interface GradientShape {
  K: number;
  d: number;
  fitIntercept: boolean;
}
export type GradientAt = (theta: Float64Array, out: Float64Array) => void;

/** The smallest class frequency kept: a class with no weight would need b_k = −∞. */
const SMALLEST_FREQUENCY = 1e-300;

/** θ with W = 0 and the intercepts at their optimum (all zero without intercepts). */
export function interceptOnlyOptimum(shape: GradientShape, gradientAt: GradientAt): Float64Array {
  const { K, d } = shape;
  const m = d + 1;
  const theta = new Float64Array(K * m);
  if (!shape.fitIntercept) return theta;
  const gradient = new Float64Array(K * m);
  gradientAt(theta, gradient);
  let mean = 0;
  for (let k = 0; k < K; k++) {
    const frequency = 1 / K - gradient[k * m];
    theta[k * m] = Math.log(Math.max(frequency, SMALLEST_FREQUENCY));
    mean += theta[k * m] / K;
  }
  for (let k = 0; k < K; k++) theta[k * m] -= mean;
  return theta;
}

/** max |∂f/∂W_jk| at θ (the weights' entries: every column but the intercept's). */
export function maxWeightGradient(shape: GradientShape, gradientAt: GradientAt, theta: Float64Array): number {
  const m = shape.d + 1;
  const gradient = new Float64Array(theta.length);
  gradientAt(theta, gradient);
  let max = 0;
  for (let i = 0; i < gradient.length; i++) if (i % m !== 0) max = Math.max(max, Math.abs(gradient[i]));
  return max;
}

/** The Objective's ∇f, as these computations take it. */
export function gradientOf(objective: Objective): GradientAt {
  return (theta, out) => void objective.lossGradient(theta, out);
}

/**
 * λ₁_max = max |∂f/∂W_jk| at the intercept-only optimum, with that optimum: at every
 * λ₁ ≥ λ₁_max all weights of the optimum are exactly 0.
 */
export function l1Max(objective: Objective): { l1Max: number; theta: Float64Array } {
  const theta = interceptOnlyOptimum(objective, gradientOf(objective));
  return { l1Max: maxWeightGradient(objective, gradientOf(objective), theta), theta };
}
