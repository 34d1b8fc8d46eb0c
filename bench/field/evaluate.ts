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

/**
 * Test accuracy of many θ (class-major [b_k, W_1k … W_dk]) through the package's own predict
 * on the WASM backend (~2× faster than `accuracy` on the wide test set), each θ loaded as a
 * saved model through the public Predictor.fromJSON. Ties go to the first class in both.
 */
export async function accuracyEvaluator(s: Split, d: number, K: number): Promise<(theta: Float64Array) => number> {
  const { Predictor } = await import("../../src/index.js");
  const classes = Array.from({ length: K }, (_, k) => k);
  const X = { data: s.X, rows: s.rows, cols: d };
  return (theta) => {
    const p = Predictor.fromJSON({
      format: "softmax-regression",
      formatVersion: 1,
      libraryVersion: "bench",
      classes,
      nFeatures: d,
      fitIntercept: true,
      coef: classes.map((k) => Array.from(theta.subarray(k * (d + 1) + 1, (k + 1) * (d + 1)))),
      intercept: classes.map((k) => theta[k * (d + 1)]),
    });
    try {
      const predicted = p.predict(X);
      let correct = 0;
      for (let i = 0; i < s.rows; i++) if (predicted[i] === s.y[i]) correct++;
      return correct / s.rows;
    } finally {
      p.dispose();
    }
  };
}

/**
 * The accuracy trace of recorded iterates: every one in order until the first that reaches
 * `target` (so that hit is exact), then at most `extra` evenly spaced ones and the last.
 * Without a target, at most `extra` evenly spaced ones and the last.
 */
export function accuracyTrace(
  times: number[],
  thetas: Float64Array[],
  score: (theta: Float64Array) => number,
  target: number | undefined,
  extra = 30,
): { trace: [number, number][]; note: string } {
  const trace: [number, number][] = [];
  let i = 0;
  let hit = -1;
  if (target !== undefined) {
    for (; i < thetas.length; i++) {
      const a = score(thetas[i]);
      trace.push([times[i], a]);
      if (a >= target) {
        hit = i++;
        break;
      }
    }
  }
  const rest = thetas.length - i;
  const stride = Math.max(1, Math.ceil(rest / extra));
  for (let j = i + stride - 1; j < thetas.length - 1; j += stride) trace.push([times[j], score(thetas[j])]);
  if (i < thetas.length) trace.push([times[thetas.length - 1], score(thetas[thetas.length - 1])]);
  const note =
    target === undefined
      ? `test accuracy of 1 in ${stride} iterates and the last`
      : hit >= 0
        ? `test accuracy of every iterate up to the first ≥ target (iteration ${hit + 1}), then ${stride === 1 ? "of every iterate" : `1 in ${stride}`} and the last`
        : `test accuracy of every iterate (none reached the target)`;
  return { trace, note };
}
