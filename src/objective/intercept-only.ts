/**
 * The optimum with every weight at zero, and λ₁_max, the smallest L1 strength at which it is
 * the optimum of the whole problem. With W = 0 the probabilities are softmax(b) for every
 * row, so the intercepts' optimum makes them the weighted class frequencies ȳ:
 * b_k = log ȳ_k (centred). ȳ is read off the gradient at θ = 0, whose intercept entries are
 * 1/K − ȳ_k, so nothing beyond the Objective is needed. The L2 part has no gradient at
 * W = 0, so W = 0 stays optimal under λ₁‖W‖₁ exactly while λ₁ ≥ max |∂f/∂W_jk| there.
 */
import type { Objective } from "./objective.js";

/** The smallest class frequency kept: a class with no weight would need b_k = −∞. */
const SMALLEST_FREQUENCY = 1e-300;

/** θ with W = 0 and the intercepts at their optimum (all zero without intercepts). */
export function interceptOnlyOptimum(objective: Objective): Float64Array {
  const { K, d, size } = objective;
  const m = d + 1;
  const theta = new Float64Array(size);
  if (!objective.fitIntercept) return theta;
  const gradient = new Float64Array(size);
  objective.lossGradient(theta, gradient);
  let mean = 0;
  for (let k = 0; k < K; k++) {
    const frequency = 1 / K - gradient[k * m];
    theta[k * m] = Math.log(Math.max(frequency, SMALLEST_FREQUENCY));
    mean += theta[k * m] / K;
  }
  for (let k = 0; k < K; k++) theta[k * m] -= mean;
  return theta;
}

/**
 * λ₁_max = max |∂f/∂W_jk| at the intercept-only optimum (f: loss plus the L2 part), with
 * that optimum: at every λ₁ ≥ λ₁_max all weights of the optimum are exactly 0.
 */
export function l1Max(objective: Objective): { l1Max: number; theta: Float64Array } {
  const theta = interceptOnlyOptimum(objective);
  const gradient = new Float64Array(objective.size);
  objective.lossGradient(theta, gradient);
  const m = objective.d + 1;
  let max = 0;
  for (let i = 0; i < gradient.length; i++) if (objective.penalty.penalises(i % m)) max = Math.max(max, Math.abs(gradient[i]));
  return { l1Max: max, theta };
}
