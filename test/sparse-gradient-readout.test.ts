// On CSR data the Objective's gradient is read out of the kernels' layout already normalised and
// penalised (SparseResidentData.lossGradientPenalised): the same bits as the data's raw sums
// normalised and penalised afterwards (Objective's general path), for both backends, with and
// without intercepts, odd K, weights, and with more columns than one staging block of the
// layout conversions holds (32768 doubles: 4681 columns at K = 7).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { buildProblem } from "../src/fit/problem.js";
import { csrOf, readTrainingSet } from "../src/input/training-set.js";
import { ResidentCsr } from "../src/objective/resident-csr.js";
import { gaussian, rng } from "./helpers/random.js";
import { randomCsr } from "./helpers/sparse.js";

describe("CSR gradient read-out: normalised and penalised in one pass, the same bits", () => {
  const cases = (["wasm", "js"] as const).flatMap((backend) =>
    [
      { K: 3, fitIntercept: true, l2: 0.1, d: 25 },
      { K: 5, fitIntercept: false, l2: 1e-3, d: 25 },
      { K: 2, fitIntercept: true, l2: 0, d: 25 },
      { K: 7, fitIntercept: true, l2: 0.1, d: 9500 },
      { K: 7, fitIntercept: false, l2: 0.1, d: 9500 },
    ].map((c) => ({ backend, ...c })),
  );
  it.each(cases)("$backend, K = $K, intercept $fitIntercept, l2 $l2, d = $d", ({ backend, K, fitIntercept, l2, d }) => {
    const random = rng(K * 13 + l2 * 1000 + (fitIntercept ? 1 : 0));
    const n = 70;
    const X = randomCsr(random, { rows: n, cols: d, perRow: 4 });
    const y = Array.from({ length: n }, () => Math.floor(random() * K));
    const rowWeights = Array.from({ length: n }, () => 2 * random());
    const data = readTrainingSet(X, y, rowWeights, () => {});
    const matrix = new ResidentCsr(getBackend(backend), csrOf(data)!, "float64");
    const { objective, resident, weights } = buildProblem(matrix, true, data, { l2, l1: 0, fitIntercept, classWeight: null, standardize: false });
    try {
      const P = objective.size;
      const m = d + 1;
      const theta = Float64Array.from({ length: P }, () => gaussian(random));
      if (!fitIntercept) for (let k = 0; k < K; k++) theta[k * m] = 0;
      const grad = new Float64Array(P);
      const value = objective.lossGradient(theta, grad);
      // The general path, by hand: raw sums, ×1/Σw, then + l2·w on every weight (never an intercept).
      const raw = new Float64Array(P);
      const sum = resident.lossGradient(theta, raw);
      const scale = 1 / weights.reduce((a, b) => a + b, 0);
      const expected = raw.map((g) => g * scale);
      let squares = 0;
      for (let k = 0; k < K; k++) {
        for (let j = 1; j < m; j++) {
          squares += theta[k * m + j] * theta[k * m + j];
          expected[k * m + j] += l2 * theta[k * m + j];
        }
      }
      expect(grad).toEqual(expected);
      // The penalty's squares are summed in the pass that writes θ in, in its own order: the same to rounding.
      const expectedValue = sum * scale + 0.5 * l2 * squares;
      expect(Math.abs(value - expectedValue)).toBeLessThanOrEqual(1e-14 * Math.abs(expectedValue));
      // f(θ) alone has the bits of f(θ) with its gradient.
      expect(objective.lossGradient(theta, null)).toBe(value);
      if (!fitIntercept) for (let k = 0; k < K; k++) expect(grad[k * m]).toBe(0);
      // Both paths go through the layout conversions: a plain loop over the CSR rows checks them.
      const reference = naiveGradient(X, y, rowWeights, theta, K, fitIntercept, l2);
      let worst = 0;
      for (let i = 0; i < P; i++) worst = Math.max(worst, Math.abs(grad[i] - reference[i]) / (1 + Math.abs(reference[i])));
      expect(worst).toBeLessThanOrEqual(1e-12);
    } finally {
      objective.dispose();
    }
  });
});

describe("CSR objective value: the penalty summed while θ is written in", () => {
  it.each([
    { K: 4, d: 30 },
    { K: 7, d: 9500 },
  ])("the same bits on both backends, K = $K, d = $d", ({ K, d }) => {
    const random = rng(K + d);
    const n = 40;
    const X = randomCsr(random, { rows: n, cols: d, perRow: 5 });
    const y = Array.from({ length: n }, () => Math.floor(random() * K));
    const data = readTrainingSet(X, y, undefined, () => {});
    const theta = Float64Array.from({ length: K * (d + 1) }, () => gaussian(random));
    const values = (["wasm", "js"] as const).map((backend) => {
      const matrix = new ResidentCsr(getBackend(backend), csrOf(data)!, "float64");
      const { objective } = buildProblem(matrix, true, data, { l2: 0.3, l1: 0, fitIntercept: true, classWeight: null, standardize: false });
      try {
        return objective.loss(theta);
      } finally {
        objective.dispose();
      }
    });
    expect(values[1]).toBe(values[0]);
  });
});

/** ∇f by the definition, row by row in the compact layout: (1/Σw) Σ w x̂ ⊗ (p − y) + l2·W. */
function naiveGradient(X: ReturnType<typeof randomCsr>, y: number[], w: number[], theta: Float64Array, K: number, fitIntercept: boolean, l2: number): Float64Array {
  const m = X.cols + 1;
  const grad = new Float64Array(K * m);
  const total = w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < X.rows; i++) {
    const z = Array.from({ length: K }, (_, k) => (fitIntercept ? theta[k * m] : 0));
    for (let e = X.indptr[i]; e < X.indptr[i + 1]; e++) for (let k = 0; k < K; k++) z[k] += X.data[e] * theta[k * m + 1 + X.indices[e]];
    const top = Math.max(...z);
    const exps = z.map((v) => Math.exp(v - top));
    const sum = exps.reduce((a, b) => a + b, 0);
    const r = exps.map((v, k) => (w[i] * (v / sum - (k === y[i] ? 1 : 0))) / total);
    for (let k = 0; k < K; k++) {
      if (fitIntercept) grad[k * m] += r[k];
      for (let e = X.indptr[i]; e < X.indptr[i + 1]; e++) grad[k * m + 1 + X.indices[e]] += X.data[e] * r[k];
    }
  }
  for (let k = 0; k < K; k++) for (let j = 1; j < m; j++) grad[k * m + j] += l2 * theta[k * m + j];
  return grad;
}
