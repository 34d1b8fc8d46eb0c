// Uniform evaluation of every contender's final parameters: the package's objective and the
// accuracy of argmaxₖ (b_k + xᵀW_k), both from θ in the class-major [b_k, W_1k … W_dk] layout.
import type { Split } from "./data.js";

export function accuracy(theta: ArrayLike<number>, s: Split, d: number, K: number): number {
  let correct = 0;
  const m = d + 1;
  for (let i = 0; i < s.rows; i++) {
    const off = i * d;
    let best = 0;
    let bestScore = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = theta[k * m];
      const base = k * m + 1;
      for (let j = 0; j < d; j++) z += theta[base + j] * s.X[off + j];
      if (z > bestScore) [best, bestScore] = [k, z];
    }
    if (best === s.y[i]) correct++;
  }
  return correct / s.rows;
}

/** λ_max(X̂ᵀX̂) by power iteration (X̂ = [X, 1]); for ml-logistic-regression's step size. */
export function largestEigenvalue(s: Split, d: number, iterations = 30): number {
  const m = d + 1;
  let v = new Float64Array(m).fill(1 / Math.sqrt(m));
  let lambda = 0;
  const z = new Float64Array(s.rows);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < s.rows; i++) {
      let acc = v[d];
      const off = i * d;
      for (let j = 0; j < d; j++) acc += s.X[off + j] * v[j];
      z[i] = acc;
    }
    const w = new Float64Array(m);
    for (let i = 0; i < s.rows; i++) {
      const zi = z[i];
      const off = i * d;
      for (let j = 0; j < d; j++) w[j] += s.X[off + j] * zi;
      w[d] += zi;
    }
    let norm = 0;
    for (let j = 0; j < m; j++) norm += w[j] * w[j];
    norm = Math.sqrt(norm);
    lambda = norm; // ‖Av‖ with ‖v‖ = 1
    for (let j = 0; j < m; j++) w[j] /= norm;
    v = w;
  }
  return lambda;
}
