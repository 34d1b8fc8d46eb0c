/**
 * The softmax is over-parameterised: adding one vector to every class's parameters leaves
 * every probability unchanged, so the Hessian is singular along those directions unless the
 * penalty fixes them. Newton therefore moves only the "free" parameters: of the reference
 * (last) class it keeps only the columns the penalty fixes (with λ > 0 the weights, never
 * the intercept; with λ = 0 nothing), and no intercept at all when the model has none.
 * `recentre` then moves the result to the symmetric gauge Σ_k θ_kj = 0 on every column the
 * penalty leaves free (the intercepts always, the weights when λ = 0), as the references use.
 */
import type { Objective } from "../objective/objective.js";

/** Indices (compact layout) of the parameters Newton moves. */
export function freeParameters(objective: Objective): Int32Array {
  const { K, d, fitIntercept, penalty } = objective;
  const m = d + 1;
  const free: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < m; j++) {
      if (j === 0 && !fitIntercept) continue;
      if (k === K - 1 && !penalty.fixes(j)) continue;
      free.push(k * m + j);
    }
  }
  return Int32Array.from(free);
}

/**
 * Shift θ along the null directions to the symmetric gauge, on the columns the penalty
 * leaves free: there the loss does not change (where the penalty acts, the optimum already
 * sums to zero, and moving it would change the penalty).
 */
export function recentre(theta: Float64Array, objective: Objective): void {
  const { K, d, penalty } = objective;
  const m = d + 1;
  for (let j = 0; j < m; j++) {
    if (penalty.fixes(j)) continue;
    let mean = 0;
    for (let k = 0; k < K; k++) mean += theta[k * m + j];
    mean /= K;
    for (let k = 0; k < K; k++) theta[k * m + j] -= mean;
  }
}
