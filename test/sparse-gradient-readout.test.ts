// On CSR data the Objective's gradient is read out of the kernels' layout already normalised and
// penalised (SparseResidentData.lossGradientPenalised): the same bits as the data's raw sums
// normalised and penalised afterwards (Objective's general path), for both backends, with and
// without intercepts, odd K, weights.
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
      { K: 3, fitIntercept: true, l2: 0.1 },
      { K: 5, fitIntercept: false, l2: 1e-3 },
      { K: 2, fitIntercept: true, l2: 0 },
    ].map((c) => ({ backend, ...c })),
  );
  it.each(cases)("$backend, K = $K, intercept $fitIntercept, l2 $l2", ({ backend, K, fitIntercept, l2 }) => {
    const random = rng(K * 13 + l2 * 1000 + (fitIntercept ? 1 : 0));
    const n = 70;
    const d = 25;
    const X = randomCsr(random, { rows: n, cols: d, perRow: 4 });
    const y = Array.from({ length: n }, () => Math.floor(random() * K));
    const data = readTrainingSet(X, y, Array.from({ length: n }, () => 2 * random()), () => {});
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
      expect(value).toBe(sum * scale + 0.5 * l2 * squares);
      if (!fitIntercept) for (let k = 0; k < K; k++) expect(grad[k * m]).toBe(0);
    } finally {
      objective.dispose();
    }
  });
});
