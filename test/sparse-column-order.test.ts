// The resident CSR's column renumbering (resident-csr.ts): stored indices by descending count,
// columns that never occur last, each row sorted by them. Checked: the numbering itself on a
// matrix with empty, repeated and unsorted columns and empty rows (the caller's arrays
// untouched); that it changes no answer: a matrix and the same matrix with its columns
// shuffled give the same objective, gradient, Hessian-vector product and fit, with parameters
// permuted along, equal to the dense matrix's (the dense Hessian too), on both backends, for float32 values, one column, 65 537 columns, a Dataset shared by fits and predictions,
// standardisation (per-column statistics mapped back), L1 (column subsets) and cross-validation.
import { afterAll, describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, createDataset, createObjective, shutdownThreads } from "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { csrOf, readTrainingSet } from "../src/input/training-set.js";
import { ResidentCsr } from "../src/objective/resident-csr.js";
import { bagOfWords } from "../bench/sparse/bag-of-words.js";
import { relativeError } from "./helpers/compare.js";
import { rng } from "./helpers/random.js";
import { denseRows, randomCsr, type Csr } from "./helpers/sparse.js";

afterAll(() => shutdownThreads());

/** X with column j moved to perm[j] (rows re-sorted, as scipy's would be). */
function permuteColumns(X: Csr, perm: Int32Array): Csr {
  const indices = new Int32Array(X.indices.length);
  const data = new Float64Array(X.data.length);
  for (let r = 0; r < X.rows; r++) {
    const order = Array.from({ length: X.indptr[r + 1] - X.indptr[r] }, (_, q) => X.indptr[r] + q);
    order.sort((a, b) => perm[X.indices[a]] - perm[X.indices[b]] || a - b);
    order.forEach((e, q) => {
      indices[X.indptr[r] + q] = perm[X.indices[e]];
      data[X.indptr[r] + q] = X.data[e];
    });
  }
  return { ...X, indptr: X.indptr.slice(), indices, data };
}

function shuffled(n: number, random: () => number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return perm;
}

/** θ (K × (cols + 1), compact) of the original columns laid out for the permuted ones. */
function permuteTheta(theta: ArrayLike<number>, K: number, perm: Int32Array): Float64Array {
  const m = perm.length + 1;
  const out = new Float64Array(K * m);
  for (let k = 0; k < K; k++) {
    out[k * m] = theta[k * m];
    for (let j = 0; j < perm.length; j++) out[k * m + 1 + perm[j]] = theta[k * m + 1 + j];
  }
  return out;
}

const words = (() => {
  const b = bagOfWords({ rows: 500, cols: 2500, perRow: 25, K: 4, seed: 8 });
  const perm = shuffled(b.X.cols, rng(21));
  return { X: b.X, shuffledX: permuteColumns(b.X, perm), perm, y: Array.from(b.y), K: b.K };
})();

/** Stored rows of a resident CSR as [stored index, value] pairs. */
function storedRows(csr: ResidentCsr): number[][][] {
  const i32 = csr.heap.i32;
  const indptr = Array.from(i32.subarray(csr.indptr >>> 2, (csr.indptr >>> 2) + csr.n + 1));
  const indices = i32.subarray(csr.indices >>> 2, (csr.indices >>> 2) + csr.nnz);
  const values = csr.valueView();
  return Array.from({ length: csr.n }, (_, r) => Array.from({ length: indptr[r + 1] - indptr[r] }, (_, q) => [indices[indptr[r] + q], values[indptr[r] + q]]));
}

describe("the resident CSR's column numbering", () => {
  // 2050 columns (renumbered from 2048 on): only 1, 2, 3, 4 and 6 occur; column 3 is repeated
  // within row 1; row 2 is empty; rows are unsorted.
  const X: Csr = {
    indptr: Int32Array.from([0, 3, 7, 7, 9, 10]),
    indices: Int32Array.from([4, 1, 3, 3, 2, 4, 3, 6, 3, 1]),
    data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    rows: 5,
    cols: 2050,
  };
  const y = [0, 1, 2, 0, 1];

  it.each(["wasm", "js"] as const)("%s: by descending count, ties in column order, empty columns last; rows sorted; X untouched", (backend) => {
    const before = JSON.stringify([Array.from(X.indptr), Array.from(X.indices), Array.from(X.data)]);
    const data = readTrainingSet(X, y, undefined);
    const csr = new ResidentCsr(getBackend(backend), csrOf(data)!, "float64");
    try {
      // Counts (repeats summed first): column 3 in rows 0, 1, 3 → 3; columns 1 and 4 → 2; 2 and 6 → 1; the others 0.
      const empty = Array.from({ length: X.cols }, (_, j) => j).filter((j) => ![1, 2, 3, 4, 6].includes(j));
      expect(Array.from(csr.columnOf)).toEqual([3, 1, 4, 2, 6, ...empty]);
      const i32 = csr.heap.i32;
      const layoutRows = Array.from(i32.subarray(csr.layoutRows >>> 2, (csr.layoutRows >>> 2) + X.cols + 1));
      expect(layoutRows[0]).toBe(0);
      for (let j = 0; j < X.cols; j++) expect(csr.columnOf[layoutRows[1 + j] - 1]).toBe(j);
      // Stored index → value, ascending; row 1's two entries of column 3 summed (4 + 7).
      expect(storedRows(csr)).toEqual([
        [[0, 3], [1, 2], [2, 1]],
        [[0, 11], [2, 6], [3, 5]],
        [],
        [[0, 9], [4, 8]],
        [[1, 10]],
      ]);
    } finally {
      csr.release();
    }
    expect(JSON.stringify([Array.from(X.indptr), Array.from(X.indices), Array.from(X.data)])).toBe(before);
  });

  it("below 2048 columns: the caller's numbering and canonical rows", () => {
    const narrow = { ...X, cols: 7 };
    const csr = new ResidentCsr(getBackend("wasm"), csrOf(readTrainingSet(narrow, y, undefined))!, "float64");
    try {
      expect(Array.from(csr.columnOf)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(storedRows(csr)).toEqual([
        [[1, 2], [3, 3], [4, 1]],
        [[2, 5], [3, 11], [4, 6]],
        [],
        [[3, 9], [6, 8]],
        [[1, 10]],
      ]);
    } finally {
      csr.release();
    }
  });

  it.each(["wasm", "js"] as const)("%s: value, gradient and Hessian-vector product equal the dense matrix's", (backend) => {
    // The same rows over 2048 + 7 columns, the occurring ones last.
    const wide = { ...X, cols: 2055, indices: X.indices.map((j) => 2048 + j) };
    const sparse = createObjective(wide, y, { l2: 0.1, backend });
    const dense = createObjective(denseRows(wide), y, { l2: 0.1, backend });
    const random = rng(5);
    const theta = Float64Array.from({ length: sparse.size }, () => random() - 0.5);
    const v = Float64Array.from({ length: sparse.size }, () => random() - 0.5);
    expect(Math.abs(sparse.value(theta) - dense.value(theta)) / dense.value(theta)).toBeLessThan(1e-14);
    expect(relativeError(sparse.gradient(theta), dense.gradient(theta))).toBeLessThan(1e-14);
    expect(relativeError(sparse.hessianVectorProduct(theta, v), dense.hessianVectorProduct(theta, v))).toBeLessThan(1e-14);
    sparse.dispose();
    dense.dispose();
  });
});

describe("a matrix and the same with its columns shuffled", () => {
  const { X, shuffledX, perm, y, K } = words;
  const random = rng(9);
  const theta = Float64Array.from({ length: K * (X.cols + 1) }, () => 0.1 * (random() - 0.5));
  const v = Float64Array.from({ length: theta.length }, () => random() - 0.5);

  it("value, gradient and Hessian-vector product agree (parameters permuted along), on both backends", () => {
    const results = (["wasm", "js"] as const).map((backend) => {
      const a = createObjective(X, y, { l2: 1e-3, backend });
      const b = createObjective(shuffledX, y, { l2: 1e-3, backend });
      const out = {
        value: a.value(theta),
        shuffledValue: b.value(permuteTheta(theta, K, perm)),
        gradient: a.gradient(theta),
        shuffledGradient: b.gradient(permuteTheta(theta, K, perm)),
        hv: a.hessianVectorProduct(theta, v),
        shuffledHv: b.hessianVectorProduct(permuteTheta(theta, K, perm), permuteTheta(v, K, perm)),
      };
      a.dispose();
      b.dispose();
      return out;
    });
    for (const r of results) {
      expect(Math.abs(r.value - r.shuffledValue) / r.value).toBeLessThan(1e-14);
      expect(relativeError(r.shuffledGradient, permuteTheta(r.gradient, K, perm))).toBeLessThan(1e-12);
      expect(relativeError(r.shuffledHv, permuteTheta(r.hv, K, perm))).toBeLessThan(1e-12);
    }
    // The two backends' row kernels agree to rounding (their exp differ), as sparse-kernels.test.ts checks.
    const [wasm, js] = results;
    expect(Math.abs(js.shuffledValue - wasm.shuffledValue) / wasm.shuffledValue).toBeLessThan(1e-14);
    expect(relativeError(js.shuffledGradient, wasm.shuffledGradient)).toBeLessThan(1e-13);
    expect(relativeError(js.shuffledHv, wasm.shuffledHv)).toBeLessThan(1e-13);
  });

  it.each([
    { name: "newton-cg", options: { solver: "newton-cg" as const, tol: 1e-10 } },
    { name: "lbfgs, float32", options: { solver: "lbfgs" as const, tol: 1e-7, dtype: "float32" as const } },
    { name: "standardize", options: { solver: "newton-cg" as const, tol: 1e-10, standardize: true } },
    { name: "l1 (column subsets)", options: { l1: 3e-3, tol: 1e-9 } },
    { name: "two threads", options: { solver: "newton-cg" as const, tol: 1e-10, threads: 2 } },
  ])("$name: the same fit, parameters permuted along", ({ options }) => {
    const a = new LogisticRegression({ l2: 1e-3, ...options }).fitSync(X, y);
    const b = new LogisticRegression({ l2: 1e-3, ...options }).fitSync(shuffledX, y);
    expect(a.converged).toBe(true);
    expect(b.converged).toBe(true);
    expect(Math.abs(a.lossHistory.at(-1)! - b.lossHistory.at(-1)!) / a.lossHistory.at(-1)!).toBeLessThan(1e-9);
    expect(relativeError(b.theta, permuteTheta(a.theta, K, perm))).toBeLessThan(options.dtype === "float32" ? 1e-4 : 1e-6);
    expect(b.predict(shuffledX)).toEqual(a.predict(X));
  });

  it("a Dataset shared by two fits and predictions, and cross-validation on it, as the dense matrix's", () => {
    const dataset = createDataset(shuffledX);
    try {
      const dense = denseRows(shuffledX);
      for (const l2 of [1e-2, 1e-3]) {
        const onDataset = new LogisticRegression({ l2, solver: "newton-cg", tol: 1e-10 }).fitSync(dataset, y);
        const onDense = new LogisticRegression({ l2, solver: "newton-cg", tol: 1e-10 }).fitSync(dense, y);
        expect(relativeError(onDataset.theta, onDense.theta)).toBeLessThan(1e-7);
        expect(onDataset.predict(dataset)).toEqual(onDense.predict(dense));
        expect(relativeError(onDataset.predictProba(dataset).flat(), onDataset.predictProba(dense).flat())).toBeLessThan(1e-12);
      }
      // The folds share the Dataset's numbering (the whole matrix's counts, not each fold's).
      const cvOptions = { l2s: [1e-1, 1e-2], cv: 3, solver: "newton-cg" as const, tol: 1e-10 };
      const cv = new LogisticRegressionCV(cvOptions).fitSync(dataset, y);
      const cvDense = new LogisticRegressionCV(cvOptions).fitSync(dense, y);
      expect(cv.l2).toBe(cvDense.l2);
      for (let f = 0; f < cvDense.scores.length; f++) expect(relativeError(cv.scores[f], cvDense.scores[f])).toBeLessThan(1e-8);
      expect(Math.max(...cv.meanScores) - Math.min(...cv.meanScores)).toBeGreaterThan(1e-3);
    } finally {
      dataset.dispose();
    }
  });
});

describe("the dense Hessian of renumbered columns", () => {
  it("K = 2, 2050 columns (six occurring, in no frequency order): the dense matrix's", () => {
    const random = rng(14);
    const hot = [2049, 7, 1500, 3, 2000, 11];
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < 8; i++) {
      for (const j of hot) if (random() < 0.7) (indices.push(j), data.push(random() * 2 - 1));
      indptr.push(indices.length);
    }
    const X = { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), data: Float64Array.from(data), rows: 8, cols: 2050 };
    const y = [0, 1, 0, 1, 1, 0, 1, 0];
    const sparse = createObjective(X, y, { l2: 0.1 });
    const dense = createObjective(denseRows(X), y, { l2: 0.1 });
    const theta = Float64Array.from({ length: sparse.size }, () => random() - 0.5);
    expect(relativeError(sparse.hessian(theta), dense.hessian(theta))).toBeLessThan(1e-14);
    sparse.dispose();
    dense.dispose();
  });
});

describe("edge shapes", () => {
  it.each([
    { name: "one column", cols: 1 },
    { name: "65 537 columns (past 16-bit indices)", cols: 65537 },
  ])("$name: the dense matrix's objective and gradient", ({ cols }) => {
    const X = randomCsr(rng(cols), { rows: 12, cols, perRow: Math.min(cols, 6), unsorted: true, duplicates: true });
    // The last column occurs, so the numbering must reach it.
    const last = { ...X, indptr: X.indptr.map((p, i) => p + i), indices: new Int32Array(X.indices.length + X.rows), data: new Float64Array(X.data.length + X.rows) };
    for (let r = 0; r < X.rows; r++) {
      const from = X.indptr[r];
      const to = last.indptr[r];
      last.indices.set(X.indices.subarray(from, X.indptr[r + 1]), to);
      last.data.set(X.data.subarray(from, X.indptr[r + 1]), to);
      last.indices[last.indptr[r + 1] - 1] = cols - 1;
      last.data[last.indptr[r + 1] - 1] = 0.5 + r;
    }
    const y = Array.from({ length: X.rows }, (_, i) => i % 3);
    const sparse = createObjective(last, y, { l2: 0.1 });
    const dense = createObjective(denseRows(last), y, { l2: 0.1 });
    const random = rng(2);
    const theta = Float64Array.from({ length: sparse.size }, () => random() - 0.5);
    expect(Math.abs(sparse.value(theta) - dense.value(theta)) / dense.value(theta)).toBeLessThan(1e-14);
    expect(relativeError(sparse.gradient(theta), dense.gradient(theta))).toBeLessThan(1e-13);
    sparse.dispose();
    dense.dispose();
  });
});
