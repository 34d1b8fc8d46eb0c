// LogisticRegressionCV on a CSR X (issue 12: CSR is accepted everywhere X is): the same
// matrix given dense and as CSR gives the same per-fold, per-λ scores and the same refit
// model, for l2s grids and l1s paths, with stratified and explicit (overlapping) folds,
// sample and class weights, standardize, refit on and off, a CSR Dataset, float32. The CSR
// is read once, checked with errors naming the caller's row and entry, never mutated.
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, createDataset, kernelMemory, type LogisticRegressionCVOptions } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { rng } from "../helpers/random.js";
import { denseRows, sparseProblem, type Csr } from "../helpers/sparse.js";

/** Unsorted rows with repeated columns (summed), some rows empty. */
const { X, y } = sparseProblem(rng(31), { rows: 240, cols: 30, perRow: 6, K: 3, unsorted: true, duplicates: true });
const D = denseRows(X);
const weights = Array.from({ length: X.rows }, (_, i) => 0.5 + ((i * 7) % 5) / 4);
const inUse = () => kernelMemory().reduce((a, m) => a + m.bytesInUse, 0);
/** Tight enough that the two layouts' rounding, not the stopping rule, is what differs. */
const exact = { solver: "newton" as const, tol: 1e-12 };
/** Scores and parameters agree to this (relative): the kernels sum in another order. */
const TOL = 1e-10;

/** The search on X as CSR and on its dense rows; each frees the kernel memory it placed. */
function both(options: LogisticRegressionCVOptions, fitOptions: { sampleWeight?: number[] } = {}, dense = D, denseOptions = options) {
  const before = inUse();
  const sparseFit = new LogisticRegressionCV(options).fitSync(X, y, fitOptions);
  const denseFit = new LogisticRegressionCV(denseOptions).fitSync(dense, y, fitOptions);
  expect(inUse()).toBe(before);
  return { sparse: sparseFit, dense: denseFit };
}

function expectSame(sparse: LogisticRegressionCV, dense: LogisticRegressionCV) {
  expect(sparse.scores.length).toBe(dense.scores.length);
  for (let f = 0; f < dense.scores.length; f++) expect(relativeError(sparse.scores[f], dense.scores[f])).toBeLessThan(TOL);
  expect(sparse.bestIndex).toBe(dense.bestIndex);
  expect(sparse.l2).toBe(dense.l2);
  expect(sparse.l1).toBe(dense.l1);
  expect(sparse.testFolds).toEqual(dense.testFolds);
  expect(relativeError(sparse.theta, dense.theta)).toBeLessThan(1e-9);
  expect(sparse.predict(X)).toEqual(dense.predict(D));
}

describe("LogisticRegressionCV on CSR X", () => {
  it("l2s, 4 stratified folds: the dense search's per-fold per-λ log-losses (1e-10) and refit", () => {
    const { sparse, dense } = both({ l2s: [1e-3, 1e-2, 1e-1, 1], cv: 4, ...exact });
    expectSame(sparse, dense);
    // The scores vary with λ, so agreement is not agreement of constants.
    expect(Math.max(...sparse.meanScores) - Math.min(...sparse.meanScores)).toBeGreaterThan(1e-2);
    expect(sparse.converged).toBe(true);
  });

  it("sample weights, balanced class weights, standardize, accuracy scoring", () => {
    const options = { l2s: [1e-3, 1e-2, 1e-1], cv: 3, classWeight: "balanced" as const, standardize: true, ...exact };
    const { sparse, dense } = both(options, { sampleWeight: weights });
    expectSame(sparse, dense);
    const accuracy = both({ ...options, scoring: "accuracy" }, { sampleWeight: weights });
    expect(accuracy.sparse.scores).toEqual(accuracy.dense.scores);
    expect(accuracy.sparse.scores.flat().every((s) => s > 0.3 && s <= 1)).toBe(true);
  });

  it("explicit overlapping folds (every row, zero weights) and refit false", () => {
    const folds = [Array.from({ length: 80 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => 60 + i)];
    const { sparse, dense } = both({ l2s: [1e-2, 1e-1], cv: folds, refit: false, ...exact });
    expectSame(sparse, dense);
    expect(sparse.nIter).toBe(0);
  });

  it("l1s: the dense path's scores, the same zeros in the refit", () => {
    const { sparse, dense } = both({ l1s: [3e-2, 1e-2, 3e-3], l2: 1e-3, cv: 3, tol: 1e-10 });
    expectSame(sparse, dense);
    expect(sparse.solver).toBe("newton-l1");
    const zeros = (t: Float64Array) => Array.from(t, (v) => v === 0);
    expect(zeros(sparse.theta)).toEqual(zeros(dense.theta));
    // A count: the grid from λ₁_max, computed on the CSR rows as on the dense ones.
    const counted = both({ l1s: 3, l2: 1e-3, cv: 3, tol: 1e-10 });
    expect(relativeError(counted.sparse.l1s, counted.dense.l1s)).toBeLessThan(1e-12);
    expectSame(counted.sparse, counted.dense);
  });

  it("l1s with sample weights, class weights and standardize: the dense path's scores and zeros", () => {
    const options = { l1s: [1e-2, 3e-3], l2: 1e-3, cv: 3, classWeight: { 0: 2, 1: 1, 2: 0.5 }, standardize: true, tol: 1e-10 };
    const { sparse, dense } = both(options, { sampleWeight: weights });
    expectSame(sparse, dense);
    expect(Array.from(sparse.theta, (v) => v === 0)).toEqual(Array.from(dense.theta, (v) => v === 0));
  });

  it("Uint32Array indptr and indices with Float32Array data, and number[] fields: the same scores as dense", () => {
    const options = { l2s: [1e-2, 1e-1], cv: 3, ...exact };
    // Float32Array data are read as their (f32) values: the dense twin holds the same values.
    const f32 = Float32Array.from(X.data);
    const dense = denseRows({ ...X, data: Float64Array.from(f32) });
    const reference = new LogisticRegressionCV(options).fitSync(dense, y);
    const inputs = [
      { indptr: Uint32Array.from(X.indptr), indices: Uint32Array.from(X.indices), data: f32, rows: X.rows, cols: X.cols },
      { indptr: Array.from(X.indptr), indices: Array.from(X.indices), data: Array.from(f32), rows: X.rows, cols: X.cols },
    ];
    for (const input of inputs) {
      const cv = new LogisticRegressionCV(options).fitSync(input, y);
      for (let f = 0; f < 3; f++) expect(relativeError(cv.scores[f], reference.scores[f])).toBeLessThan(TOL);
      expect(relativeError(cv.theta, reference.theta)).toBeLessThan(1e-9);
    }
  });

  it("fit (async) equals fitSync; a CSR Dataset gives the same results and stays usable", async () => {
    const options = { l2s: [1e-2, 1e-1], cv: 3, ...exact };
    const sync = new LogisticRegressionCV(options).fitSync(X, y);
    const async = await new LogisticRegressionCV(options).fit(X, y);
    expect(async.scores).toEqual(sync.scores);
    expect(Array.from(async.theta)).toEqual(Array.from(sync.theta));
    const dataset = createDataset(X);
    try {
      const onDataset = await new LogisticRegressionCV(options).fit(dataset, y);
      for (let f = 0; f < 3; f++) expect(relativeError(onDataset.scores[f], sync.scores[f])).toBeLessThan(TOL);
      expect(relativeError(onDataset.theta, sync.theta)).toBeLessThan(1e-9);
      expect(relativeError(onDataset.predictProba(dataset).flat(), sync.predictProba(X).flat())).toBeLessThan(1e-9);
    } finally {
      dataset.dispose();
    }
  });

  it('"auto": the refit takes the solver a CSR fit takes (Newton)', () => {
    const cv = new LogisticRegressionCV({ l2s: [1e-2, 1e-1], cv: 3 }).fitSync(X, y);
    expect(cv.solver).toBe(new LogisticRegression({ l2: cv.l2 }).fitSync(X, y).solver);
    expect(cv.solver.startsWith("newton")).toBe(true);
  });

  it("float32: the float64 search on the f32-rounded dense rows (all sparse arithmetic is f64)", () => {
    const options = { l2s: [1e-2, 1e-1], cv: 3, ...exact };
    const rounded = D.map((row) => row.map(Math.fround));
    const { sparse, dense } = both({ ...options, dtype: "float32" }, {}, rounded, options);
    expectSame(sparse, dense);
  });
});

describe("LogisticRegressionCV on hostile CSR", () => {
  const copy = (): Csr => ({ indptr: X.indptr.slice(), indices: X.indices.slice(), data: X.data.slice(), rows: X.rows, cols: X.cols });
  const cv = () => new LogisticRegressionCV({ l2s: [1e-2, 1e-1], cv: 3 });

  it("a bad entry is named by the caller's row and entry, and nothing stays in kernel memory", () => {
    const before = inUse();
    const outOfRange = copy();
    const row = 150;
    const e = outOfRange.indptr[row] + 1;
    outOfRange.indices[e] = X.cols;
    expect(() => cv().fitSync(outOfRange, y)).toThrow(expect.objectContaining({ code: "INVALID_X", message: expect.stringContaining(`row ${row}, entry 1 (indices[${e}])`) }));
    const nonFinite = copy();
    nonFinite.data[e] = NaN;
    expect(() => cv().fitSync(nonFinite, y)).toThrow(expect.objectContaining({ code: "NON_FINITE", message: expect.stringContaining(`row ${row}`) }));
    const decreasing = copy();
    decreasing.indptr[10] = decreasing.indptr[11] + 1;
    expect(() => cv().fitSync(decreasing, y)).toThrow(expect.objectContaining({ code: "INVALID_X", message: expect.stringContaining("indptr decreases at row") }));
    expect(() => cv().fitSync({ ...copy(), data: X.data.slice(1) }, y)).toThrow(expect.objectContaining({ code: "INVALID_X", message: expect.stringContaining("must agree") }));
    expect(inUse()).toBe(before);
  });

  it.each([
    ["an l2s grid", { l2s: [1e-2, 1e-1], cv: 3, ...exact }],
    ["an l1s count (λ₁_max from the placed rows)", { l1s: 2, l2: 1e-3, cv: 3, tol: 1e-10 }],
  ])("%s: reads each field and entry once, does not mutate the caller's arrays, and ignores later changes", async (_, options) => {
    const given = copy();
    const original = copy();
    const reads = { fields: 0, entries: 0 };
    const counted = (a: ArrayLike<number>) =>
      new Proxy(Array.from(a), {
        get(target, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) reads.entries++;
          return Reflect.get(target, key, receiver);
        },
      });
    const indices = counted(given.indices);
    const data = counted(given.data);
    const X2 = {
      get indptr() {
        reads.fields++;
        return given.indptr;
      },
      get indices() {
        reads.fields++;
        return indices;
      },
      get data() {
        reads.fields++;
        return data;
      },
      rows: given.rows,
      cols: given.cols,
    };
    const fitting = new LogisticRegressionCV(options).fit(X2, y);
    expect(reads.fields).toBe(3);
    // Every stored entry once: its column and its value.
    expect(reads.entries).toBe(2 * X.indptr[X.rows]);
    // Changed after the call: the search already holds its own copy.
    given.data.fill(1e300);
    given.indptr.fill(0);
    const model = await fitting;
    const reference = new LogisticRegressionCV(options).fitSync(original, y);
    expect(model.scores).toEqual(reference.scores);
    expect(Array.from(model.theta)).toEqual(Array.from(reference.theta));
    // The reference's arrays are as given (the reader sorts and sums in its own memory).
    const untouched = copy();
    new LogisticRegressionCV(options).fitSync(untouched, y);
    expect(untouched).toEqual(copy());
  });
});
