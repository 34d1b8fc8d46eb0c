import { afterEach, describe, expect, it, vi } from "vitest";
import { LogisticRegression } from "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { readTrainingSet } from "../src/input/training-set.js";
import type { MatrixSource } from "../src/input/matrix.js";
import { Objective } from "../src/objective/objective.js";
import { residentFor } from "../src/objective/resident-for.js";
import { ResidentMatrix } from "../src/objective/resident-matrix.js";
import { correctedSampleRows, gramRows, gramRowsFor, newtonCg } from "../src/solvers/newton-cg.js";
import type { SolverResult } from "../src/solvers/solver.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem } from "./helpers/random.js";

// Newton-CG's preconditioner is the curvature-weighted Gram of a row sample. On near-separable
// data the curvature sits on the few rows near the class boundaries, which a fixed sample of
// gramRows() rows mostly misses; the sample then grows to keep gramRows() effective rows.

/** n × 40 rows, 3 classes; noise 0: labels from a linear model (separable); features × scale. */
function problem(noise: number, scale: number): { X: number[][]; y: number[] } {
  const { X, y } = randomProblem(11, 6000, 40, 3, noise);
  return { X: X.map((row) => row.map((v) => v * scale)), y };
}

/** Fit and record the row counts of every preconditioner the fit built. */
function fitCountingGrams(X: number[][], y: number[], options: ConstructorParameters<typeof LogisticRegression>[0]) {
  const spy = vi.spyOn(Objective.prototype, "curvaturePreconditioner");
  const model = new LogisticRegression(options).fitSync(X, y);
  const rows = spy.mock.calls.map(([r]) => r.length);
  spy.mockRestore();
  return { model, rows };
}

afterEach(() => vi.restoreAllMocks());

describe("the Newton-CG preconditioner's row sample", () => {
  it("keeps gramRows() effective rows: count / spread, at most n", () => {
    expect(gramRowsFor(60_000, 784, 1)).toBe(gramRows(60_000, 784));
    expect(gramRowsFor(60_000, 784, 0.1)).toBe(20_000);
    expect(gramRowsFor(60_000, 784, 0.01)).toBe(60_000);
    expect(gramRowsFor(60_000, 784, 0)).toBe(60_000);
    expect(gramRowsFor(1000, 10, 0.5)).toBe(1000);
  });

  it("grows on near-separable raw-scale data and still reaches the optimum", () => {
    const { X, y } = problem(0, 255);
    const { model, rows } = fitCountingGrams(X, y, { l2: 1e-4, solver: "newton-cg" });
    // Redrawn at least once, each time at least twice as large or on every row.
    expect(rows[0]).toBe(gramRows(6000, 40));
    expect(rows.length).toBeGreaterThan(1);
    for (let i = 1; i < rows.length; i++) expect(rows[i] === 6000 || rows[i]! >= 2 * rows[i - 1]!).toBe(true);
    expect(rows.at(-1)).toBeLessThanOrEqual(6000);
    expect(model.converged).toBe(true);
    // Newton-Cholesky (dense Hessian, no CG, no sample) is the independent reference.
    const reference = new LogisticRegression({ l2: 1e-4, solver: "newton-cholesky", tol: 1e-10 }).fitSync(X, y);
    expect(reference.converged).toBe(true);
    expect(relativeError(model.theta, reference.theta, 0)).toBeLessThan(1e-6);
    expect(model.score(X, y)).toBeGreaterThan(0.99);
  });

  it("keeps its first sample where the curvature is spread over the rows", () => {
    const { X, y } = problem(1, 1);
    const { model, rows } = fitCountingGrams(X, y, { l2: 1e-4, solver: "newton-cg" });
    expect(rows).toEqual([gramRows(6000, 40)]);
    expect(model.converged).toBe(true);
    const reference = new LogisticRegression({ l2: 1e-4, solver: "newton-cholesky", tol: 1e-10 }).fitSync(X, y);
    expect(relativeError(model.theta, reference.theta, 0)).toBeLessThan(1e-6);
  });

  it("measures the spread of the curvature over the rows", () => {
    // At θ = 0 every row has p = 1/K, so the curvature weights are the sample weights w and
    // the spread is (Σw)²/(nΣw²): 1 unweighted, 0.75 with a quarter of the rows at weight 3
    // ((1.5n)² / (n · 3n)).
    const { X, y } = problem(1, 1);
    const flat = { data: Float64Array.from(X.flat()), rows: X.length, cols: 40 };
    const weights = Float64Array.from({ length: X.length }, (_, i) => (i % 4 === 0 ? 3 : 1));
    const original = Objective.prototype.curvatureSpread;
    const atZero = (sampleWeight?: Float64Array) => {
      let value = NaN;
      const probe = vi.spyOn(Objective.prototype, "curvatureSpread").mockImplementation(function (this: Objective, theta: Float64Array) {
        if (Number.isNaN(value)) value = original.call(this, new Float64Array(theta.length));
        return original.call(this, theta);
      });
      new LogisticRegression({ l2: 1e-4, solver: "newton-cg", maxIter: 1 }).fitSync(flat, y, sampleWeight ? { sampleWeight } : {});
      probe.mockRestore();
      return value;
    };
    expect(atZero()).toBeCloseTo(1, 12);
    expect(atZero(weights)).toBeCloseTo(0.75, 12);
  });

  it("returns the products to every row when a corrected sample's solve runs to the CG cap", () => {
    // 12 000 × 100 × 5 × 255, labels from a linear model: large, not tall (a 1176-row corrected
    // sample), near separable. Switched after 3 products (as corrected-sample.test.ts drives
    // it), the sample's CG runs to its cap; the solver goes back to every row, grows the Gram
    // and converges. Reference: the same solver never switching, at tol 1e-12.
    const N = 12_000;
    const D = 100;
    const raw = randomProblem(5, N, D, 5, 0);
    const X = Float64Array.from(raw.X.flat(), (v) => 255 * v);
    const data = readTrainingSet({ data: X, rows: N, cols: D }, Int32Array.from(raw.y));
    expect(correctedSampleRows(N, D, 5, "float64")).toBeGreaterThan(0);
    const solve = (tol: number, switchProducts: number) => {
      const matrix = new ResidentMatrix(getBackend("wasm"), data.X as MatrixSource, "float64");
      const objective = new Objective(residentFor(matrix, data.targets, data.weights, true, true), { l2: 1e-4 });
      try {
        const run = newtonCg(objective, new Float64Array(objective.size), { tol, maxIter: 300, seed: 0, batchSize: 256, learningRate: "auto" }, switchProducts);
        for (let step = run.next(); ; step = run.next()) if (step.done) return step.value as SolverResult;
      } finally {
        objective.dispose();
      }
    };
    const spy = vi.spyOn(Objective.prototype, "curvaturePreconditioner");
    const result = solve(1e-8, 3);
    // Which Grams were built: on the sample (a second argument) or on every row.
    const onSample = spy.mock.calls.map(([, sampled]) => sampled !== undefined);
    spy.mockRestore();
    const switched = onSample.indexOf(true);
    expect(switched).toBeGreaterThan(0);
    expect(onSample.slice(switched + 1)).toContain(false);
    expect(result.converged).toBe(true);
    const reference = solve(1e-12, Infinity);
    expect(reference.converged).toBe(true);
    expect(relativeError(result.theta, reference.theta, 0)).toBeLessThan(1e-6);
  });
});
