/**
 * The softmax is over-parameterised: adding one vector to every class's parameters leaves
 * every probability unchanged, so the Hessian is singular along those directions. Newton
 * therefore moves only the "free" parameters: it pins the reference (last) class's
 * intercept when λ > 0 (the penalty already fixes the weights), the whole reference class
 * when λ = 0, and every intercept when there is none. `recentre` then moves the result to
 * the symmetric gauge Σ_k b_k = 0 (and Σ_k W_k = 0 when λ = 0), as the references use.
 */
export function freeParameters(K: number, d: number, l2: number, fitIntercept: boolean): Int32Array {
  const m = d + 1;
  const free: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < m; j++) {
      if (j === 0 && !fitIntercept) continue;
      if (k === K - 1 && (j === 0 || l2 === 0)) continue;
      free.push(k * m + j);
    }
  }
  return Int32Array.from(free);
}

/**
 * Shift θ along the null directions to the symmetric gauge: intercepts always (the loss
 * does not change), weights when λ = 0 (with λ > 0 they already sum to zero at the optimum,
 * and moving them would change the penalty).
 */
export function recentre(theta: Float64Array, K: number, d: number, l2: number): void {
  const m = d + 1;
  for (let j = 0; j < (l2 === 0 ? m : 1); j++) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += theta[k * m + j];
    mean /= K;
    for (let k = 0; k < K; k++) theta[k * m + j] -= mean;
  }
}
