// CSR with issue 11's workflow options and the solver choice: standardize on CSR gives the
// dense fit's optimum (the centring stays implicit, so the zeros stay stored); gd's
// preconditioner reads the same statistics; "auto" on CSR takes Newton (CG beyond the dense
// Hessian's size), for the caller's CSR and a CSR Dataset alike; l1 on CSR (working sets of
// columns) gives the dense optimum, partialFit the dense steps (LogisticRegressionCV on CSR: workflow/cv-csr.test.ts).
import { describe, expect, it } from "vitest";
import { LogisticRegression, createDataset } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";
import { rng } from "./helpers/random.js";
import { denseRows, sparseProblem, toCsr } from "./helpers/sparse.js";

/** Columns of very different scales and non-zero means (counts × 1 … × 1000), one column constant 0, one all stored. */
const problem = (() => {
  const { X, y } = sparseProblem(rng(11), { rows: 300, cols: 25, perRow: 6, K: 3, unsorted: true, duplicates: true });
  const dense = denseRows(X).map((row) => row.map((v, j) => (j === 3 ? 0 : j === 4 ? 2 + v : v * 10 ** (j % 4))));
  return { X: toCsr(dense), dense, y };
})();
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("CSR with the workflow options", () => {
  it.each([true, false])("standardize, fitIntercept %s: the dense fit's optimum (objective 1e-12, parameters 1e-9)", (fitIntercept) => {
    const options = { standardize: true, fitIntercept, l2: 1e-2, solver: "newton-cg" as const, tol: 1e-11 };
    const sparse = new LogisticRegression(options).fitSync(problem.X, problem.y);
    const dense = new LogisticRegression(options).fitSync(problem.dense, problem.y);
    expect(sparse.converged).toBe(true);
    expect(relative(sparse.lossHistory.at(-1)!, dense.lossHistory.at(-1)!)).toBeLessThan(1e-12);
    expect(relativeError(sparse.theta, dense.theta)).toBeLessThan(1e-9);
    expect(sparse.predict(problem.X)).toEqual(dense.predict(problem.dense));
    // Standardised, the fit is not the plain one (the penalty acts on the standardised weights).
    const plain = new LogisticRegression({ ...options, standardize: false }).fitSync(problem.X, problem.y);
    expect(relativeError(plain.theta, sparse.theta)).toBeGreaterThan(1e-3);
  });

  it("gd on badly scaled CSR is preconditioned as on the dense rows: the same optimum", () => {
    const options = { solver: "gd" as const, l2: 1e-1, tol: 1e-7, maxIter: 20000 };
    const sparse = new LogisticRegression(options).fitSync(problem.X, problem.y);
    const dense = new LogisticRegression(options).fitSync(problem.dense, problem.y);
    expect(sparse.converged).toBe(true);
    expect(sparse.warnings).toEqual(dense.warnings);
    expect(sparse.warnings.some((w) => w.includes("badly scaled features for gd"))).toBe(true);
    expect(Math.abs(sparse.nIter - dense.nIter)).toBeLessThanOrEqual(2);
    const exact = new LogisticRegression({ l2: 1e-1, solver: "newton-cholesky", tol: 1e-11 }).fitSync(problem.X, problem.y);
    expect(relativeError(sparse.theta, exact.theta)).toBeLessThan(1e-4);
  });

  it("l1 (newton-l1 on working sets of columns) on CSR: the dense fit's optimum and its zeros", () => {
    const { X, y } = sparseProblem(rng(12), { rows: 300, cols: 40, perRow: 6, K: 3, unsorted: true, duplicates: true });
    const options = { l1: 2e-2, l2: 1e-3, tol: 1e-9 };
    const sparse = new LogisticRegression(options).fitSync(X, y);
    const dense = new LogisticRegression(options).fitSync(denseRows(X), y);
    expect(sparse.solver).toBe("newton-l1");
    expect(sparse.converged).toBe(true);
    expect(relative(sparse.lossHistory.at(-1)!, dense.lossHistory.at(-1)!)).toBeLessThan(1e-12);
    expect(relativeError(sparse.theta, dense.theta)).toBeLessThan(1e-9);
    const zeros = (t: Float64Array) => Array.from(t, (v) => v === 0);
    expect(zeros(sparse.theta)).toEqual(zeros(dense.theta));
    expect(zeros(sparse.theta).filter(Boolean).length).toBeGreaterThan(10);
  });

  it("partialFit on CSR: the dense rows' steps", async () => {
    const { X, y } = sparseProblem(rng(13), { rows: 200, cols: 30, perRow: 5, K: 3 });
    const D = denseRows(X);
    const sparse = new LogisticRegression({ l2: 1e-2 });
    const dense = new LogisticRegression({ l2: 1e-2 });
    for (let epoch = 0; epoch < 3; epoch++) {
      await sparse.partialFit(X, y, { classes: [0, 1, 2] });
      await dense.partialFit(D, y, { classes: [0, 1, 2] });
    }
    expect(relativeError(sparse.theta, dense.theta)).toBeLessThan(1e-12);
    expect(relativeError(sparse.predictProba(X).flat(), dense.predictProba(D).flat())).toBeLessThan(1e-12);
  });

  it("predictLogProba and decisionFunction on CSR (caller's and Dataset): the dense rows' values, all output forms", () => {
    const { X, y } = sparseProblem(rng(14), { rows: 120, cols: 30, perRow: 5, K: 4, unsorted: true, duplicates: true });
    const D = denseRows(X);
    const model = new LogisticRegression({ l2: 1e-2 }).fitSync(X, y);
    const dataset = createDataset(X);
    try {
      for (const method of ["predictProba", "predictLogProba", "decisionFunction"] as const) {
        const dense = model[method](D).flat();
        expect(relativeError(model[method](X).flat(), dense)).toBeLessThan(1e-13);
        expect(relativeError(Array.from(model[method](X, { flat: true })), dense)).toBeLessThan(1e-13);
        const out = new Float64Array(X.rows * 4);
        expect(model[method](X, { out })).toBe(out);
        expect(relativeError(Array.from(out), dense)).toBeLessThan(1e-13);
        expect(relativeError(model[method](dataset).flat(), dense)).toBeLessThan(1e-13);
      }
      // Log-probabilities are the logs of the probabilities.
      const logs = model.predictLogProba(X).flat();
      expect(relativeError(logs.map(Math.exp), model.predictProba(X).flat())).toBeLessThan(1e-13);
    } finally {
      dataset.dispose();
    }
  });

  it('"auto" on CSR: Newton (its cost model picks the inner solve), Newton-CG beyond the dense Hessian\'s size; a CSR Dataset alike', () => {
    const newton = new LogisticRegression({ l2: 1e-2, solver: "newton" }).fitSync(problem.X, problem.y).solver;
    expect(new LogisticRegression({ l2: 1e-2 }).fitSync(problem.X, problem.y).solver).toBe(newton);
    const { X, y } = sparseProblem(rng(5), { rows: 200, cols: 800, perRow: 10, K: 4 });
    expect(new LogisticRegression({ l2: 1e-2 }).fitSync(X, y).solver).toBe("newton-cg");
    const dataset = createDataset(X);
    try {
      expect(new LogisticRegression({ l2: 1e-2 }).fitSync(dataset, y).solver).toBe("newton-cg");
    } finally {
      dataset.dispose();
    }
    // Dense, the same shape stays with the cost model's choice.
    expect(new LogisticRegression({ l2: 1e-2 }).fitSync(denseRows(X), y).solver).toBe("lbfgs");
  });
});
