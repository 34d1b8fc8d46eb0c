// LogisticRegressionCV places X in kernel memory once for the whole search and the refit
// (ResidentMatrix and ResidentCsr constructions are counted), or not at all when given a
// Dataset, and frees it.
import { describe, expect, it, vi } from "vitest";

const copies = vi.hoisted(() => ({ count: 0, csr: 0 }));
vi.mock("../../src/objective/resident-matrix.js", async (load) => {
  const original = await load<typeof import("../../src/objective/resident-matrix.js")>();
  class Counted extends original.ResidentMatrix {
    constructor(...args: ConstructorParameters<typeof original.ResidentMatrix>) {
      super(...args);
      copies.count++;
    }
  }
  return { ...original, ResidentMatrix: Counted };
});
vi.mock("../../src/objective/resident-csr.js", async (load) => {
  const original = await load<typeof import("../../src/objective/resident-csr.js")>();
  class Counted extends original.ResidentCsr {
    constructor(...args: ConstructorParameters<typeof original.ResidentCsr>) {
      super(...args);
      copies.csr++;
    }
  }
  return { ...original, ResidentCsr: Counted };
});

const { LogisticRegression, LogisticRegressionCV, createDataset, kernelMemory } = await import("../../src/index.js");
const { loadCsv, standardize, workflowFixture } = await import("../helpers/workflow-fixtures.js");
const { relativeError } = await import("../helpers/compare.js");

const f = workflowFixture<{ standardization: { mean: number[]; std_ddof0: number[]; std_used: number[] }; test_folds: number[][]; lambdas: number[] }>("cv_wine_std.json");
const raw = loadCsv("wine");
const X = standardize(raw.X, f.standardization);
const y = raw.y;
const inUse = () => kernelMemory().reduce((a, m) => a + m.bytesInUse, 0);

describe("LogisticRegressionCV shares one copy of X", () => {
  it("5 folds × 10 λ and the refit copy X into kernel memory once, and free it afterwards", async () => {
    const before = inUse();
    copies.count = 0;
    const cv = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds }).fit(X, y);
    expect(copies.count).toBe(1);
    expect(inUse()).toBe(before);
    // A plain fit copies once too, so the count is a real count.
    copies.count = 0;
    await new LogisticRegression({ l2: cv.l2 }).fit(X, y);
    expect(copies.count).toBe(1);
  });

  it("a CSR X is copied once too, as CSR (nothing dense)", async () => {
    // (An l1s search also builds CSR column subsets for newton-l1's working sets, from kernel
    // memory; that it reads the caller's CSR once is workflow/cv-csr.test.ts's.)
    const { toCsr } = await import("../helpers/sparse.js");
    const before = inUse();
    copies.count = 0;
    copies.csr = 0;
    await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds }).fit(toCsr(X), y);
    expect([copies.csr, copies.count]).toEqual([1, 0]);
    expect(inUse()).toBe(before);
    // The dense search copies a ResidentMatrix instead, so the counts tell the layouts apart.
    copies.csr = 0;
    copies.count = 0;
    await new LogisticRegressionCV({ l2s: [1e-2], cv: 3 }).fit(X, y);
    expect([copies.csr, copies.count]).toEqual([0, 1]);
  });

  it("given a Dataset it copies nothing (held-out rows weigh zero there), gives the same results and leaves the Dataset usable", async () => {
    const dataset = createDataset(X);
    copies.count = 0;
    const cv = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, tol: 1e-14 }).fit(dataset, y);
    expect(copies.count).toBe(0);
    // The own layout (folds contiguous) sums in another order: equal to rounding.
    const plain = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, tol: 1e-14 }).fit(X, y);
    expect(relativeError(cv.scores.flat(), plain.scores.flat())).toBeLessThan(1e-9);
    expect(relativeError(cv.theta, plain.theta)).toBeLessThan(1e-9);
    expect(relativeError(cv.predictProba(dataset).flat(), plain.predictProba(X).flat())).toBeLessThan(1e-9);
    dataset.dispose();
  });

  it("a Dataset disposed right after the call: the search and the refit finish, as LogisticRegression.fit does, then its memory goes", async () => {
    const { toCsr } = await import("../helpers/sparse.js");
    const options = { l2s: [1e-2, 1e-1], cv: 3 };
    const datasetMemories = () => kernelMemory().filter((m) => m.kind === "dataset").length;
    for (const rows of [X, toCsr(X)]) {
      const expected = await new LogisticRegressionCV(options).fit(rows, y);
      const before = datasetMemories();
      const dataset = createDataset(rows);
      expect(datasetMemories()).toBe(before + 1);
      const fitting = new LogisticRegressionCV(options).fit(dataset, y);
      const plain = new LogisticRegression({ l2: expected.l2 }).fit(dataset, y);
      dataset.dispose();
      const [cv, model] = await Promise.all([fitting, plain]);
      expect(relativeError(cv.scores.flat(), expected.scores.flat())).toBeLessThan(1e-9);
      expect(relativeError(cv.theta, expected.theta)).toBeLessThan(1e-9);
      expect(model.converged).toBe(true);
      expect(datasetMemories()).toBe(before);
      // Disposed before the call: DISPOSED from both, and nothing changes.
      await expect(new LogisticRegressionCV(options).fit(dataset, y)).rejects.toMatchObject({ code: "DISPOSED" });
      await expect(new LogisticRegression().fit(dataset, y)).rejects.toMatchObject({ code: "DISPOSED" });
    }
  });

  it("a Dataset of another dtype is refused before the search, as by fit", async () => {
    const dataset = createDataset(X, { dtype: "float32" });
    try {
      await expect(new LogisticRegressionCV({ l2s: [1e-2], cv: 3 }).fit(dataset, y)).rejects.toMatchObject({ code: "INVALID_OPTION", message: expect.stringContaining("float32") });
      await expect(new LogisticRegression().fit(dataset, y)).rejects.toMatchObject({ code: "INVALID_OPTION", message: expect.stringContaining("float32") });
    } finally {
      dataset.dispose();
    }
  });

  it("overlapping explicit folds use every row with zero weights, and agree with the same folds fitted one by one", async () => {
    const folds = [f.test_folds[0], [...f.test_folds[0].slice(0, 10), ...f.test_folds[1]]];
    const before = inUse();
    copies.count = 0;
    const cv = await new LogisticRegressionCV({ l2s: [1e-2], cv: folds, tol: 1e-12 }).fit(X, y);
    expect(copies.count).toBe(1);
    expect(inUse()).toBe(before);
    for (let k = 0; k < folds.length; k++) {
      const test = new Set(folds[k]);
      const train = X.map((_, i) => i).filter((i) => !test.has(i));
      const model = await new LogisticRegression({ l2: 1e-2, tol: 1e-12 }).fit(train.map((i) => X[i]), train.map((i) => y[i]));
      const p = model.predictProba(folds[k].map((i) => X[i]));
      const logLoss = -folds[k].reduce((a, i, r) => a + Math.log(p[r][y[i]]), 0) / folds[k].length;
      expect(Math.abs(cv.scores[k][0] - logLoss)).toBeLessThan(1e-10);
    }
  });

  it("an aborted search frees its Dataset", async () => {
    const before = inUse();
    const controller = new AbortController();
    const fit = new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, solver: "lbfgs" }).fit(X, y, { signal: controller.signal });
    // fit copies X into kernel memory before its first await, so the Dataset exists now; aborting
    // here (not on a timer, which a fast machine can outrun) stops the search at its first step.
    expect(inUse()).toBeGreaterThan(before);
    controller.abort("stop");
    await expect(fit).rejects.toMatchObject({ code: "ABORTED" });
    expect(inUse()).toBe(before);
  });
});
