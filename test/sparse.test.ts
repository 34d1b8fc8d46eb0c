// CSR input end to end: the same matrix given dense and sparse gives the same optimum
// (objective within 1e-12 relative, parameters within 1e-9) and the same predictions, for
// every solver, both backends, float32 values, soft targets, weights, no intercept and two
// threads; createObjective on CSR; the caller's arrays are read once and never changed.
import { afterAll, describe, expect, it } from "vitest";
import { LogisticRegression, Predictor, createDataset, createObjective, kernelMemory, shutdownThreads } from "../src/index.js";
import { bagOfWords } from "../bench/sparse/bag-of-words.js";
import { relativeError } from "./helpers/compare.js";
import { loadCsv } from "./helpers/fixtures.js";
import { gaussian, rng } from "./helpers/random.js";
import { denseRows, sparseProblem, toCsr, type Csr } from "./helpers/sparse.js";

afterAll(() => shutdownThreads());

/** The first 800 digits with pixels / 16: half of the entries are 0, a natural sparse matrix. */
const digits = (() => {
  const { X, y } = loadCsv("digits");
  const scaled = X.slice(0, 800).map((row) => row.map((v) => v / 16));
  return { X: toCsr(scaled), dense: scaled, y: y.slice(0, 800) };
})();
const random = (() => {
  const { X, y } = sparseProblem(rng(3), { rows: 400, cols: 60, perRow: 8, K: 4, unsorted: true, duplicates: true });
  return { X, dense: denseRows(X), y };
})();
const words = (() => {
  const b = bagOfWords({ rows: 600, cols: 3000, perRow: 30, K: 5, seed: 4 });
  return { X: b.X, dense: denseRows(b.X), y: Array.from(b.y) };
})();

const finalLoss = (m: LogisticRegression) => m.lossHistory.at(-1)!;
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Fit the same options on both forms and compare optimum and predictions. */
function expectSameFits(sparse: LogisticRegression, dense: LogisticRegression, X: Csr, D: number[][], thetaTol = 1e-9) {
  expect(sparse.solver).toBe(dense.solver);
  expect(sparse.converged).toBe(dense.converged);
  expect(relative(finalLoss(sparse), finalLoss(dense))).toBeLessThan(1e-12);
  expect(relativeError(sparse.theta, dense.theta)).toBeLessThan(thetaTol);
  expect(sparse.predict(X)).toEqual(dense.predict(D));
  // One model, both forms of X: the same probabilities (to the rounding of the logits' sums).
  expect(sparse.predict(X)).toEqual(sparse.predict(D));
  expect(relativeError(sparse.predictProba(X).flat(), sparse.predictProba(D).flat())).toBeLessThan(1e-13);
  // Two models as close as their parameters.
  expect(relativeError(sparse.predictProba(X).flat(), dense.predictProba(D).flat())).toBeLessThan(100 * thetaTol);
}

describe("CSR input: the same optimum as the dense matrix", () => {
  const sets = { digits, random, words } as const;
  const names = Object.keys(sets) as (keyof typeof sets)[];
  // Newton at tol 1e-11 ends where the rounding of the gradient does: both forms at the optimum.
  it.each(
    names.flatMap((set) =>
      (["newton-cholesky", "newton-cg"] as const).flatMap((solver) =>
        // The dense pure-JS Newton-CG on 600 × 3000 would take minutes; the dense Hessian of 3000 words is too large.
        (set === "words" ? (solver === "newton-cg" ? ["wasm"] : []) : ["wasm", "js"]).map((backend) => ({ set, solver, backend: backend as "wasm" | "js" })),
      ),
    ),
  )("$set, $solver, $backend: objective within 1e-12, parameters within 1e-9", ({ set, solver, backend }) => {
    const { X, dense, y } = sets[set];
    const options = { solver, backend, l2: 1e-3, tol: 1e-11 };
    const a = new LogisticRegression(options).fitSync(X, y);
    const b = new LogisticRegression(options).fitSync(dense, y);
    expect(a.converged).toBe(true);
    expectSameFits(a, b, X, dense);
  });

  // The first-order solvers follow the same iterates on both forms (to rounding) for as long as one cares to compare.
  it.each(
    names.flatMap((set) =>
      (["lbfgs", "gd", "sgd"] as const).flatMap((solver) => (["wasm", "js"] as const).map((backend) => ({ set, solver, backend }))),
    ),
  )("$set, $solver, $backend: the same iterates", ({ set, solver, backend }) => {
    const { X, dense, y } = sets[set];
    const options = { solver, backend, l2: 1e-3, maxIter: solver === "sgd" ? 3 : 8 };
    const a = new LogisticRegression(options).fitSync(X, y);
    const b = new LogisticRegression(options).fitSync(dense, y);
    expect(a.nIter).toBe(b.nIter);
    expect(relativeError(a.lossHistory, b.lossHistory)).toBeLessThan(1e-12);
    expectSameFits(a, b, X, dense, 1e-10);
  });

  it("weights, soft targets and no intercept", () => {
    const { X, dense, y } = random;
    const r = rng(9);
    const w = y.map(() => r() * 2);
    const soft = y.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 0.7 : 0.1)));
    for (const fitIntercept of [true, false]) {
      const options = { l2: 1e-3, fitIntercept, solver: "newton" as const, tol: 1e-11 };
      expectSameFits(
        new LogisticRegression(options).fitSync(X, y, { sampleWeight: w }),
        new LogisticRegression(options).fitSync(dense, y, { sampleWeight: w }),
        X, dense,
      );
      const a = new LogisticRegression(options).fitSync(X, soft);
      expectSameFits(a, new LogisticRegression(options).fitSync(dense, soft), X, dense);
      if (!fitIntercept) expect(a.intercept.every((b) => b === 0)).toBe(true);
    }
  });

  it("the optimum of newton at tol 1e-12 matches the dense one: objective 1e-12 relative, parameters 1e-9", () => {
    for (const { X, dense, y } of [digits, random]) {
      const a = new LogisticRegression({ solver: "newton", tol: 1e-12, l2: 1e-4 }).fitSync(X, y);
      const b = new LogisticRegression({ solver: "newton", tol: 1e-12, l2: 1e-4 }).fitSync(dense, y);
      expect(a.converged && b.converged).toBe(true);
      const f = createObjective(dense, y, { l2: 1e-4 });
      expect(relative(f.value(a.theta), f.value(b.theta))).toBeLessThan(1e-12);
      f.dispose();
      expect(relativeError(a.theta, b.theta)).toBeLessThan(1e-9);
    }
  });

  it("float32 values: the f64 optimum of the f32-rounded matrix (all sparse arithmetic is f64)", () => {
    const { X, y, dense } = random;
    // Repeated columns are summed first, then stored in f32.
    const rounded = dense.map((row) => row.map(Math.fround));
    for (const backend of ["wasm", "js"] as const) {
      const a = new LogisticRegression({ dtype: "float32", solver: "newton", tol: 1e-11, backend }).fitSync(X, y);
      const b = new LogisticRegression({ solver: "newton", tol: 1e-11, backend }).fitSync(rounded, y);
      expect(a.converged).toBe(true);
      expect(relative(finalLoss(a), finalLoss(b))).toBeLessThan(1e-12);
      expect(relativeError(a.theta, b.theta)).toBeLessThan(1e-9);
    }
  });

  it("two threads: bit-identical run to run, equal to one thread to rounding", async () => {
    const b = bagOfWords({ rows: 3000, cols: 2000, perRow: 20, K: 4, seed: 8 });
    for (const solver of ["lbfgs", "newton-cg"] as const) {
      // L-BFGS for 10 iterations (its path is what threads could change), Newton-CG to its optimum.
      const options = solver === "lbfgs" ? { maxIter: 10 } : { tol: 1e-11 };
      const fit = (threads: number) => new LogisticRegression({ solver, threads, l2: 1e-3, ...options }).fit(b.X, b.y);
      const [t1, t2a, t2b] = [await fit(1), await fit(2), await fit(2)];
      expect(t2a.warnings).toEqual([]);
      expect(t2a.theta).toEqual(t2b.theta);
      expect(relativeError(t2a.theta, t1.theta)).toBeLessThan(1e-9);
      expect(relative(finalLoss(t2a), finalLoss(t1))).toBeLessThan(1e-12);
    }
  });
});

describe("CSR input: objective, predictions, saved models", () => {
  it("createObjective on CSR equals the dense objective (value, gradient, Hessian, Hv)", () => {
    const { X, dense, y } = random;
    for (const backend of ["wasm", "js"] as const) {
      for (const fitIntercept of [true, false]) {
        const s = createObjective(X, y, { l2: 0.01, backend, fitIntercept });
        const d = createObjective(dense, y, { l2: 0.01, backend, fitIntercept });
        const r = rng(2);
        const theta = Float64Array.from({ length: s.size }, () => 0.3 * gaussian(r));
        const v = Float64Array.from({ length: s.size }, () => gaussian(r));
        expect(relative(s.value(theta), d.value(theta))).toBeLessThan(1e-13);
        expect(relativeError(s.gradient(theta), d.gradient(theta))).toBeLessThan(1e-13);
        expect(relativeError(s.hessian(theta), d.hessian(theta))).toBeLessThan(1e-13);
        expect(relativeError(s.hessianVectorProduct(theta, v), d.hessianVectorProduct(theta, v))).toBeLessThan(1e-13);
        s.dispose();
        d.dispose();
      }
    }
  });

  it("predicts CSR rows from a model trained dense, and after a JSON round trip, also in the predict-only Predictor", () => {
    const { X, dense, y } = digits;
    const m = new LogisticRegression({ l2: 1e-3 }).fitSync(dense, y);
    const saved = JSON.stringify(m);
    const p = Predictor.fromJSON(saved);
    expect(p.predictProba(X)).toEqual(LogisticRegression.fromJSON(saved).predictProba(X));
    expect(relativeError(p.predictProba(X).flat(), m.predictProba(dense).flat())).toBeLessThan(1e-12);
    expect(m.score(X, y)).toBe(m.score(dense, y));
    // More rows and entries than one prediction chunk holds.
    const big = bagOfWords({ rows: 9000, cols: 500, perRow: 40, K: 3, seed: 2 });
    const mb = new LogisticRegression({ solver: "lbfgs", maxIter: 5 }).fitSync(big.X, big.y);
    const proba = mb.predictProba(big.X);
    const rows = denseRows({ ...big.X, rows: 50 } as Csr).slice(0, 50);
    expect(relativeError(proba.slice(0, 50).flat(), mb.predictProba(rows).flat())).toBeLessThan(1e-12);
  });

  it("never changes the caller's arrays, and reads every field and entry once", () => {
    const X = random.X;
    const copy = { indptr: Int32Array.from(X.indptr), indices: Int32Array.from(X.indices), data: Float64Array.from(X.data) };
    new LogisticRegression().fitSync(X, random.y);
    expect(X.indptr).toEqual(copy.indptr);
    expect(X.indices).toEqual(copy.indices);
    expect(X.data).toEqual(copy.data);
    const reads = new Map<string, number>();
    const counted = (name: string, values: ArrayLike<number>) =>
      new Proxy(Array.from(values), {
        get(target, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) reads.set(`${name}[${key}]`, (reads.get(`${name}[${key}]`) ?? 0) + 1);
          return Reflect.get(target, key, receiver);
        },
      });
    const fields = { indptr: counted("indptr", X.indptr), indices: counted("indices", X.indices), data: counted("data", X.data), rows: X.rows, cols: X.cols };
    const X2 = new Proxy(fields, {
      get(target, key, receiver) {
        reads.set(String(key), (reads.get(String(key)) ?? 0) + 1);
        return Reflect.get(target, key, receiver);
      },
    });
    const a = new LogisticRegression().fitSync(X2, random.y);
    expect(Math.max(...reads.values())).toBe(1);
    expect(reads.size).toBe(5 + X.indptr.length + 2 * X.indices.length);
    expect(a.theta).toEqual(new LogisticRegression().fitSync(X, random.y).theta);
  });

  it("a Dataset made from CSR: fits, objectives and predictions on it equal those on the CSR itself", () => {
    const { X, y } = random;
    for (const dtype of ["float64", "float32"] as const) {
      const dataset = createDataset(X, { dtype });
      const options = { dtype, l2: 1e-3, solver: "newton" as const };
      const onDataset = new LogisticRegression(options).fitSync(dataset, y);
      const direct = new LogisticRegression(options).fitSync(X, y);
      expect(onDataset.theta).toEqual(direct.theta);
      // A float32 Dataset predicts from its f32-rounded values, the CSR itself from its f64 ones.
      if (dtype === "float64") expect(onDataset.predictProba(dataset)).toEqual(direct.predictProba(X));
      else expect(relativeError(onDataset.predictProba(dataset).flat(), direct.predictProba(X).flat())).toBeLessThan(1e-6);
      // Folds as weights on one resident matrix (what LogisticRegressionCV does).
      const w = y.map((_, i) => (i % 5 === 0 ? 0 : 1));
      expect(new LogisticRegression(options).fitSync(dataset, y, { sampleWeight: w }).theta).toEqual(
        new LogisticRegression(options).fitSync(X, y, { sampleWeight: w }).theta,
      );
      const f = createObjective(dataset, y, { dtype, l2: 1e-3 });
      expect(f.value(direct.theta)).toBe(createObjective(X, y, { dtype, l2: 1e-3 }).value(direct.theta));
      f.dispose();
      dataset.dispose();
      expect(() => onDataset.predict(dataset)).toThrow(/disposed/);
    }
  });

  it("keeps kernel memory flat over fit → predict cycles", () => {
    const before = kernelMemory().find((k) => k.backend === "wasm")!.bytesInUse;
    for (let i = 0; i < 30; i++) {
      const m = new LogisticRegression({ solver: i % 2 ? "sgd" : "newton", maxIter: 3 }).fitSync(random.X, random.y);
      m.predict(random.X);
      m.dispose();
    }
    expect(kernelMemory().find((k) => k.backend === "wasm")!.bytesInUse).toBe(before);
  });
});
