// L1 and elastic-net penalties: agreement with scikit-learn's saga optima polished by an
// independent active-set Newton (test/fixtures/sparse), KKT certificates computed here from
// the smooth part's gradient, exact zeros, λ₁_max, the path, refusals and saved models.
import { describe, expect, it } from "vitest";
import { LogisticRegression, SoftmaxRegressionError, createDataset, createObjective, kernelMemory, l1Max, l1Path } from "../src/index.js";
import { loadCsv, loadJson, standardize } from "./helpers/fixtures.js";
import { L1_FIXTURES, certificate, identified, l1Fixture, maxAbsDiff, sklearnFull, thetaOf, type L1Case } from "./helpers/l1.js";
import { randomProblem } from "./helpers/random.js";

const fixtures = L1_FIXTURES.map(l1Fixture);
const cases = fixtures.flatMap((fx) => fx.cases.map((c) => ({ fx, c, label: `${fx.name} λ₁=${c.lambda1} λ₂=${c.lambda2}` })));

describe.each(["wasm", "js"] as const)("newton-l1 (%s) reaches the polished optima of the fixtures", (backend) => {
  it.each(cases)("$label", async ({ fx, c }) => {
    const model = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, tol: 1e-10, backend }).fit(fx.X, fx.y);
    expect(model.solver).toBe("newton-l1");
    expect(model.converged).toBe(true);
    expect(model.stopReason).toBe("converged: KKT residual ≤ tol");
    const { objective, kkt } = certificate(fx.X, fx.y, c.lambda1, c.lambda2, model.theta);
    expect(kkt).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(objective - c.polished.objective) / c.polished.objective).toBeLessThan(1e-9);
    const pureBinary = fx.K === 2 && c.lambda2 === 0;
    const ours = identified(model.coef, model.intercept, pureBinary);
    const theirs = identified(c.polished.coef, c.polished.intercept, pureBinary);
    // The same zero pattern, exactly; coefficients as close as the conditioning allows at this tol (≤ 4e-8 measured).
    expect(ours.coef.map((w) => w === 0)).toEqual(theirs.coef.map((w) => w === 0));
    expect(maxAbsDiff(ours.coef, theirs.coef)).toBeLessThan(1e-6);
    expect(maxAbsDiff(ours.intercept, theirs.intercept)).toBeLessThan(1e-6);
  });
});

describe("standardize: the L1 term acts on the standardised weights, as in a scikit-learn pipeline", () => {
  it.each(["l1_iris_std", "l1_wine_std"] as const)("%s: raw features with standardize reach the fixture's optimum in original units", async (name) => {
    const fx = loadJson<{ dataset: string; standardization: { mean: number[]; std_used: number[] }; cases: L1Case[] }>(`sparse/${name}.json`);
    const { X, y } = loadCsv(fx.dataset);
    const { mean, std_used: std } = fx.standardization;
    for (const c of fx.cases) {
      const model = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, standardize: true, tol: 1e-10 }).fit(X, y);
      expect(model.converged).toBe(true);
      const coef = c.polished.coef.map((row) => row.map((w, j) => w / std[j]));
      const intercept = c.polished.intercept.map((b, k) => b - coef[k].reduce((a, w, j) => a + w * mean[j], 0));
      expect(model.coef.flat().map((w) => w === 0)).toEqual(coef.flat().map((w) => w === 0));
      expect(maxAbsDiff(model.coef.flat(), coef.flat())).toBeLessThan(1e-6);
      expect(maxAbsDiff(model.intercept, intercept)).toBeLessThan(1e-5);
    }
  });
});

describe("how close scikit-learn's saga (tol 1e-10) gets to this optimum", () => {
  it.each(cases)("$label", async ({ fx, c }) => {
    const model = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, tol: 1e-12 }).fit(fx.X, fx.y);
    const ours = certificate(fx.X, fx.y, c.lambda1, c.lambda2, model.theta);
    const full = sklearnFull(c.sklearn.coef_, c.sklearn.intercept_);
    const saga = certificate(fx.X, fx.y, c.lambda1, c.lambda2, thetaOf(full.coef, full.intercept));
    const pureBinary = fx.K === 2 && c.lambda2 === 0;
    const a = identified(model.coef, model.intercept, pureBinary);
    const b = identified(full.coef, full.intercept, pureBinary);
    expect(b.coef.map((w) => w === 0)).toEqual(a.coef.map((w) => w === 0));
    if (c.sklearn.kkt_residual > 1e-6) {
      // The random CSR problem at λ₁ = 0.05: every weight 0, and saga stopped after 6 epochs
      // with its intercepts off (KKT 3.9e-3), 3.9e-5 above the optimum.
      expect(a.coef.every((w) => w === 0)).toBe(true);
      expect(saga.objective - ours.objective).toBeGreaterThan(1e-5);
      expect(saga.objective - ours.objective).toBeLessThan(1e-4);
      return;
    }
    // Elsewhere saga ends within rounding of the optimum (≤ 2e-16 relative) and within 2e-6 in the
    // coefficients (iris λ₁ = 0.001; mostly < 1e-7).
    expect(saga.objective - ours.objective).toBeGreaterThan(-1e-14 * ours.objective); // rounding only
    expect((saga.objective - ours.objective) / ours.objective).toBeLessThan(1e-12);
    expect(maxAbsDiff(a.coef, b.coef)).toBeLessThan(2e-6);
    expect(ours.kkt).toBeLessThan(1e-12);
  });

  it("liblinear (binary, pure L1) penalises the intercept: its weights differ, less so as intercept_scaling grows", () => {
    const fx = fixtures.find((f) => f.name === "l1_breast_cancer_std")!;
    for (const run of fx.liblinear!) {
      const polished = fx.cases.find((c) => c.lambda1 === run.lambda1 && c.lambda2 === 0)!.polished;
      const w = polished.coef[1].map((v, j) => v - polished.coef[0][j]);
      const gap = maxAbsDiff(run.coef_[0], w);
      if (run.intercept_scaling === 100) expect(gap).toBeLessThan(4e-3);
      else expect(gap).toBeGreaterThan(0.2);
    }
  });
});

/** Data sets for the KKT certificates: standardised CSVs and generated problems. */
function problems(): { name: string; X: number[][]; y: number[] }[] {
  const csv = (name: string) => {
    const { X, y } = loadCsv(name);
    const d = X[0].length;
    const mean = Array.from({ length: d }, (_, j) => X.reduce((a, r) => a + r[j], 0) / X.length);
    const std = Array.from({ length: d }, (_, j) => Math.sqrt(X.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / X.length) || 1);
    return { name, X: standardize(X, { mean, std_ddof0: std }), y };
  };
  const random = (seed: number, n: number, d: number, K: number) => ({ name: `random ${n}×${d}×${K}`, ...randomProblem(seed, n, d, K) });
  return [csv("iris"), csv("wine"), csv("breast_cancer"), random(5, 300, 12, 4), random(6, 200, 40, 2), random(7, 500, 8, 6)];
}

describe("KKT certificates", () => {
  const sets = problems();
  const grid = sets.flatMap((p) =>
    [0.5, 0.1, 0.01].flatMap((fraction) => [0, 1e-3].map((l2) => ({ p, fraction, l2, label: `${p.name} λ₁=${fraction}·λ₁max λ₂=${l2}` }))),
  );
  it.each(grid)("$label", async ({ p, fraction, l2 }) => {
    const l1 = fraction * l1Max(p.X, p.y);
    const tol = 1e-9;
    const model = await new LogisticRegression({ l1, l2, tol }).fit(p.X, p.y);
    expect(model.converged).toBe(true);
    const { kkt } = certificate(p.X, p.y, l1, l2, model.theta);
    expect(kkt).toBeLessThanOrEqual(tol);
    // The reported certificate is the same measure (before the intercepts' re-centring: equal up to rounding).
    expect(model.kktResidual).toBeLessThanOrEqual(tol);
    expect(Math.abs(model.kktResidual - kkt)).toBeLessThan(1e-12);
    // Zeros are exact: nothing is left at rounding level.
    for (const w of model.coef.flat()) expect(w === 0 || Math.abs(w) > 1e-10).toBe(true);
    // Each step lowered the objective.
    const h = model.lossHistory;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThanOrEqual(h[i - 1] + 1e-15);
  });

  it("with sample weights and without intercepts", async () => {
    const { X, y } = randomProblem(8, 150, 6, 3);
    const sampleWeight = X.map((_, i) => 0.5 + (i % 4));
    for (const fitIntercept of [true, false]) {
      const l1 = 0.2 * l1Max(X, y, { sampleWeight, fitIntercept });
      const model = await new LogisticRegression({ l1, l2: 0, fitIntercept, tol: 1e-10 }).fit(X, y, { sampleWeight });
      expect(model.converged).toBe(true);
      expect(certificate(X, y, l1, 0, model.theta, { sampleWeight, fitIntercept }).kkt).toBeLessThanOrEqual(1e-10);
      if (!fitIntercept) expect(model.intercept).toEqual([0, 0, 0]);
    }
  });

  it("proximal gradient (solver gd), an independent method, reaches the same optimum", async () => {
    const fx = fixtures[0];
    const c = fx.cases[1];
    const newton = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, tol: 1e-11 }).fit(fx.X, fx.y);
    const gd = await new LogisticRegression({ solver: "gd", l1: c.lambda1, l2: c.lambda2, tol: 1e-8, maxIter: 100_000 }).fit(fx.X, fx.y);
    expect(gd.solver).toBe("gd");
    expect(gd.converged).toBe(true);
    expect(certificate(fx.X, fx.y, c.lambda1, c.lambda2, gd.theta).kkt).toBeLessThanOrEqual(1e-8);
    expect(gd.nonZero).toEqual(newton.nonZero);
    expect(gd.coef.flat().map((w) => w === 0)).toEqual(newton.coef.flat().map((w) => w === 0));
    expect(maxAbsDiff(gd.coef.flat(), newton.coef.flat())).toBeLessThan(1e-5);
  });

  it("pure L1 leaves the weights at each feature's median across classes (an exact zero for odd K), intercepts centred", async () => {
    const fx = fixtures[1]; // wine, K = 3
    const model = await new LogisticRegression({ l1: 0.01, l2: 0 }).fit(fx.X, fx.y);
    const d = fx.X[0].length;
    for (let j = 0; j < d; j++) {
      const column = model.coef.map((row) => row[j]).sort((a, b) => a - b);
      expect(column[1]).toBe(0);
    }
    expect(Math.abs(model.intercept.reduce((a, b) => a + b, 0))).toBeLessThan(1e-14);
  });
});

describe("working sets (wide data: the set grows from the violators until the whole problem's KKT holds)", () => {
  /** n rows, d features of which the first `informative` carry the classes. */
  const wide = (seed: number, n: number, d: number, K: number, informative: number) => {
    const { X: signal, y } = randomProblem(seed, n, informative, K);
    const { X: noise } = randomProblem(seed + 1, n, d - informative, K);
    return { X: signal.map((row, i) => [...row, ...noise[i]]), y };
  };

  it.each([
    { K: 2, l2: 0, fraction: 0.5 },
    { K: 3, l2: 0, fraction: 0.3 },
    { K: 4, l2: 0, fraction: 0.5 },
    { K: 3, l2: 0.01, fraction: 0.4 },
  ])("K=$K λ₂=$l2 λ₁=$fraction·λ₁max: certified on the whole problem, the objective of proximal gradient, memory freed", async ({ K, l2, fraction }) => {
    // 300 rows, 600 features, 8 of them informative: the support stays well below the 300
    // features from which the working set would be every feature.
    const { X, y } = wide(20 + K, 300, 600, K, 8);
    const l1 = fraction * l1Max(X, y);
    const inUse = () => kernelMemory().find((k) => k.backend === "wasm")!.bytesInUse;
    const before = inUse();
    const model = await new LogisticRegression({ l1, l2, tol: 1e-10 }).fit(X, y);
    expect(inUse()).toBe(before);
    expect(model.converged).toBe(true);
    expect(model.nonZero.length).toBeGreaterThan(0);
    expect(model.nonZero.length).toBeLessThan(100);
    const { objective, kkt } = certificate(X, y, l1, l2, model.theta);
    expect(kkt).toBeLessThanOrEqual(1e-10);
    // Proximal gradient, which never restricts the features, reaches the same objective (it
    // crawls towards a tight KKT residual, so only to its default tol 1e-6).
    const gd = await new LogisticRegression({ solver: "gd", l1, l2, maxIter: 20_000 }).fit(X, y);
    expect(gd.converged).toBe(true);
    const other = certificate(X, y, l1, l2, gd.theta);
    expect(other.objective - objective).toBeGreaterThanOrEqual(-1e-14);
    expect((other.objective - objective) / objective).toBeLessThan(1e-8);
  });

  it("threads: 2 reaches the one-thread optimum (working sets on the shared heap included)", async () => {
    const { X, y } = wide(30, 300, 600, 3, 8);
    const l1 = 0.3 * l1Max(X, y);
    const one = await new LogisticRegression({ l1, l2: 0, tol: 1e-10 }).fit(X, y);
    const two = await new LogisticRegression({ l1, l2: 0, tol: 1e-10, threads: 2 }).fit(X, y);
    // Under 150 features in the support, so the working sets (at most max(64, 2·support)
    // features) stay below half of the 600: the fit ran on working sets.
    expect(one.nonZero.length).toBeLessThan(150);
    expect(two.converged).toBe(true);
    expect(certificate(X, y, l1, 0, two.theta).kkt).toBeLessThanOrEqual(1e-10);
    expect(two.nonZero).toEqual(one.nonZero);
    expect(maxAbsDiff(two.coef.flat(), one.coef.flat())).toBeLessThan(1e-9);
  });
});

describe("working sets with standardize (each set carries its columns' scaling)", () => {
  it("raw wide features: the same optimum as fitting pre-standardised columns", async () => {
    const { X: base, y } = randomProblem(31, 300, 8, 3);
    const { X: noise } = randomProblem(32, 300, 592, 3);
    // Shift and stretch every column so that standardising matters.
    const X = base.map((row, i) => [...row, ...noise[i]].map((v, j) => 5 + j % 7 + v * (1 + (j % 5))));
    const d = X[0].length;
    const mean = Array.from({ length: d }, (_, j) => X.reduce((a, r) => a + r[j], 0) / X.length);
    const std = Array.from({ length: d }, (_, j) => Math.sqrt(X.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / X.length));
    const Z = standardize(X, { mean, std_ddof0: std });
    const l1 = 0.3 * l1Max(Z, y);
    const raw = await new LogisticRegression({ l1, l2: 0, standardize: true, tol: 1e-10 }).fit(X, y);
    const pre = await new LogisticRegression({ l1, l2: 0, tol: 1e-10 }).fit(Z, y);
    expect(raw.converged).toBe(true);
    expect(pre.nonZero.length).toBeLessThan(100);
    expect(raw.nonZero).toEqual(pre.nonZero);
    const expected = pre.coef.map((row) => row.map((w, j) => w / std[j]));
    expect(maxAbsDiff(raw.coef.flat(), expected.flat())).toBeLessThan(1e-7);
  });
});

describe("λ₁_max", () => {
  const { X, y } = randomProblem(9, 200, 10, 3);

  it("equals max |∂f/∂W| at the intercept-only optimum, computed here from the class frequencies", () => {
    const K = 3;
    const d = X[0].length;
    const frequency = Array.from({ length: K }, (_, k) => y.filter((v) => v === k).length / y.length);
    const theta = new Float64Array(K * (d + 1));
    for (let k = 0; k < K; k++) theta[k * (d + 1)] = Math.log(frequency[k]);
    const objective = createObjective(X, y, { l2: 0 });
    const g = objective.gradient(theta);
    objective.dispose();
    const expected = Math.max(...Array.from(g).filter((_, i) => i % (d + 1) !== 0).map(Math.abs));
    expect(Math.abs(l1Max(X, y) - expected) / expected).toBeLessThan(1e-14);
  });

  it("is the smallest λ₁ with an all-zero optimum: at it every weight is exactly 0 at once, just below it not", async () => {
    const max = l1Max(X, y);
    const at = await new LogisticRegression({ l1: max, l2: 0 }).fit(X, y);
    expect(at.converged).toBe(true);
    expect(at.nIter).toBe(0);
    expect(at.coef.flat().every((w) => w === 0)).toBe(true);
    expect(at.nonZero).toEqual([]);
    const below = await new LogisticRegression({ l1: max * (1 - 1e-6), l2: 0 }).fit(X, y);
    expect(below.converged).toBe(true);
    expect(below.nonZero.length).toBeGreaterThan(0);
    // Elastic net: the same λ₁_max (the L2 part has no gradient at W = 0).
    const elastic = await new LogisticRegression({ l1: max, l2: 0.1 }).fit(X, y);
    expect(elastic.nonZero).toEqual([]);
  });
});

describe("l1Path", () => {
  const { X, y } = problems()[1]; // wine

  it("starts at λ₁_max with every weight 0, warm-starts down the grid, each point certified and equal to a cold fit", async () => {
    const path = await l1Path(X, y, { nL1s: 8, l2: 0, tol: 1e-10 });
    expect(path.l1s.length).toBe(8);
    expect(path.l1s[0]).toBe(path.l1Max);
    expect(path.l1Max).toBe(l1Max(X, y));
    for (let i = 1; i < 8; i++) expect(path.l1s[i]).toBeLessThan(path.l1s[i - 1]);
    expect(path.l1s[7] / path.l1Max).toBeCloseTo(1e-4, 12);
    expect(path.points[0].nonZero).toEqual([]);
    expect(path.points[0].coef.flat().every((w) => w === 0)).toBe(true);
    const counts = path.points.map((p) => p.coef.flat().filter((w) => w !== 0).length);
    // Sanity on this data: the support only grows as λ₁ falls (not a theorem for the lasso).
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]);
    expect(counts.at(-1)).toBeGreaterThan(counts[1]);
    for (const point of path.points) {
      expect(point.converged).toBe(true);
      const theta = thetaOf(point.coef, point.intercept);
      const { objective, kkt } = certificate(X, y, point.l1, 0, theta);
      expect(kkt).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(objective - point.objective)).toBeLessThan(1e-12);
    }
    // A point of the path is the optimum a cold fit finds.
    const cold = await new LogisticRegression({ l1: path.l1s[4], l2: 0, tol: 1e-10 }).fit(X, y);
    expect(cold.coef.flat().map((w) => w === 0)).toEqual(path.points[4].coef.flat().map((w) => w === 0));
    expect(maxAbsDiff(cold.coef.flat(), path.points[4].coef.flat())).toBeLessThan(1e-7);
    // Warm starts pay: the path's last point needs fewer iterations than a cold fit. (With
    // the issue-10 cost model the inner Newton solve on wine is Cholesky, whose cold fits are
    // short too: measured 13 warm vs 12 cold at point 4, 14 vs 23 at the last point.)
    const coldLast = await new LogisticRegression({ l1: path.l1s[7], l2: 0, tol: 1e-10 }).fit(X, y);
    expect(path.points[7].iterations).toBeLessThan(coldLast.nIter);
  });

  it("runs on a Dataset (X placed once by the caller) with the same results, and stops on its signal", async () => {
    const dataset = createDataset(X);
    const onDataset = await l1Path(dataset, y, { nL1s: 4, l2: 0 });
    const plain = await l1Path(X, y, { nL1s: 4, l2: 0 });
    expect(onDataset.l1s).toEqual(plain.l1s);
    expect(onDataset.points.map((p) => p.coef)).toEqual(plain.points.map((p) => p.coef));
    const controller = new AbortController();
    controller.abort();
    await expect(l1Path(dataset, y, { nL1s: 4, signal: controller.signal })).rejects.toMatchObject({ code: "ABORTED" });
    dataset.dispose();
  });

  it("takes an explicit grid (fitted largest first), elastic net, and validates its options", async () => {
    const path = await l1Path(X, y, { l1s: [0.001, 0.1, 0.01], l2: 0.01 });
    expect(path.l1s).toEqual([0.1, 0.01, 0.001]);
    expect(path.points.map((p) => p.l1)).toEqual([0.1, 0.01, 0.001]);
    for (const point of path.points) expect(certificate(X, y, point.l1, 0.01, thetaOf(point.coef, point.intercept)).kkt).toBeLessThanOrEqual(1e-8);
    const bad: unknown[] = [{ l1: 0.1 }, { l1s: [] }, { l1s: [-1] }, { l1s: [NaN] }, { nL1s: 0 }, { l1MinRatio: 1 }, { solver: "lbfgs" }, { nL1: 3 }];
    for (const options of bad) {
      await expect(l1Path(X, y, options as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
    }
  });
});

describe("options, refusals and saved models", () => {
  const { X, y } = randomProblem(10, 120, 5, 3);

  it("solvers that cannot handle L1 refuse it with INVALID_OPTION naming the solver", () => {
    for (const solver of ["newton-cholesky", "newton-cg", "lbfgs", "sgd"] as const) {
      let error: unknown;
      try {
        new LogisticRegression({ solver, l1: 0.01 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SoftmaxRegressionError);
      expect((error as SoftmaxRegressionError).code).toBe("INVALID_OPTION");
      expect((error as Error).message).toContain(`"${solver}"`);
      // Without L1 they are fine.
      expect(() => new LogisticRegression({ solver, l1: 0 })).not.toThrow();
    }
    for (const l1 of [-1, NaN, Infinity, "0.1"]) {
      expect(() => new LogisticRegression({ l1: l1 as number })).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
  });

  it("partialFit (mini-batch SGD) refuses an L1 model", () => {
    const model = new LogisticRegression({ l1: 0.01 });
    expect(() => model.partialFit(X, y, { classes: [0, 1, 2] })).toThrow(expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("partialFit") }));
  });

  it('"auto" and "newton" run newton-l1 when l1 > 0; "newton-l1" with l1 = 0 reaches the smooth optimum', async () => {
    for (const solver of ["auto", "newton", "newton-l1"] as const) {
      expect((await new LogisticRegression({ solver, l1: 0.01 }).fit(X, y)).solver).toBe("newton-l1");
    }
    const smooth = await new LogisticRegression({ solver: "newton-cholesky", l2: 0.01, tol: 1e-12 }).fit(X, y);
    const viaL1 = await new LogisticRegression({ solver: "newton-l1", l2: 0.01, l1: 0, tol: 1e-12 }).fit(X, y);
    expect(viaL1.converged).toBe(true);
    expect(maxAbsDiff(viaL1.coef.flat(), smooth.coef.flat())).toBeLessThan(1e-9);
  });

  it("a fit stopped by maxIter says it did not reach the KKT residual", async () => {
    const model = await new LogisticRegression({ l1: 0.01, l2: 0, maxIter: 1 }).fit(X, y);
    expect(model.converged).toBe(false);
    expect(model.stopReason).toBe("reached maxIter before KKT residual ≤ tol");
    expect(model.kktResidual).toBeGreaterThan(model.options.tol);
  });

  it("inference refuses an L1 fit (it is not a maximum-likelihood estimate)", async () => {
    const model = await new LogisticRegression({ l1: 0.01, l2: 0 }).fit(X, y);
    expect(() => model.inference()).toThrow(expect.objectContaining({ code: "PENALIZED_FIT", message: expect.stringContaining("l1 = 0.01") }));
    expect(JSON.parse(JSON.stringify(model)).statistics).toBeUndefined();
  });

  it("float32 data fit with L1 too", async () => {
    const l1 = 0.1 * l1Max(X, y);
    const f32 = await new LogisticRegression({ l1, l2: 0, dtype: "float32" }).fit(X, y);
    const f64 = await new LogisticRegression({ l1, l2: 0 }).fit(X, y);
    expect(f32.converged).toBe(true);
    expect(f32.nonZero).toEqual(f64.nonZero);
    expect(maxAbsDiff(f32.coef.flat(), f64.coef.flat())).toBeLessThan(1e-4);
  });

  it("a saved L1 model round-trips: options, exact zeros, certificate and predictions", async () => {
    const model = await new LogisticRegression({ l1: 0.05, l2: 0.001 }).fit(X, y);
    expect(model.nonZero.length).toBeGreaterThan(0);
    expect(model.coef.flat().some((w) => w === 0)).toBe(true);
    const again = LogisticRegression.fromJSON(JSON.stringify(model));
    expect(again.options.l1).toBe(0.05);
    expect(again.options.l2).toBe(0.001);
    expect(again.solver).toBe("newton-l1");
    expect(again.coef).toEqual(model.coef);
    expect(again.intercept).toEqual(model.intercept);
    expect(again.nonZero).toEqual(model.nonZero);
    expect(again.kktResidual).toBe(model.kktResidual);
    expect(again.predictProba(X)).toEqual(model.predictProba(X));
    // A saved model whose options pair L1 with a solver that cannot handle it is refused.
    const json = JSON.parse(JSON.stringify(model));
    json.training.options.solver = "lbfgs";
    expect(() => LogisticRegression.fromJSON(json)).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
  });
});
