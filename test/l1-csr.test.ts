// L1 and elastic net on CSR input: the fixture's sparse problem (test/fixtures/sparse/
// l1_random_csr.json, scikit-learn saga on the CSR matrix, polished) given as CSR reaches the
// polished optimum, certified, with the dense fit's zero pattern; working sets select CSR
// columns (SparseResidentData.selectColumns), also with threads, and the path runs on CSR.
import { describe, expect, it } from "vitest";
import { LogisticRegression, kernelMemory, l1Max, l1Path } from "../src/index.js";
import { loadJson } from "./helpers/fixtures.js";
import { certificate, l1Fixture, maxAbsDiff } from "./helpers/l1.js";

const fx = l1Fixture("l1_random_csr");
const raw = loadJson<{ X_csr: { shape: [number, number]; indptr: number[]; indices: number[]; data: number[] } }>("sparse/l1_random_csr.json").X_csr;
const csr = { indptr: Int32Array.from(raw.indptr), indices: Int32Array.from(raw.indices), data: Float64Array.from(raw.data), rows: raw.shape[0], cols: raw.shape[1] };
const inUse = () => kernelMemory().find((k) => k.backend === "wasm")!.bytesInUse;

describe("newton-l1 on CSR input", () => {
  it("λ₁_max is the dense matrix's", () => {
    expect(l1Max(csr, fx.y)).toBe(l1Max(fx.X, fx.y));
  });

  it.each(fx.cases.map((c) => ({ c, label: `λ₁=${c.lambda1} λ₂=${c.lambda2}` })))("$label: the polished optimum, certified, the dense fit's zeros, memory freed", async ({ c }) => {
    const before = inUse();
    const model = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, tol: 1e-10 }).fit(csr, fx.y);
    expect(inUse()).toBe(before);
    expect(model.solver).toBe("newton-l1");
    expect(model.converged).toBe(true);
    const { objective, kkt } = certificate(fx.X, fx.y, c.lambda1, c.lambda2, model.theta);
    expect(kkt).toBeLessThanOrEqual(1e-10);
    expect(Math.abs(objective - c.polished.objective) / c.polished.objective).toBeLessThan(1e-9);
    expect(model.coef.flat().map((w) => w === 0)).toEqual(c.polished.coef.flat().map((w) => w === 0));
    expect(maxAbsDiff(model.coef.flat(), c.polished.coef.flat())).toBeLessThan(1e-6);
    const dense = await new LogisticRegression({ l1: c.lambda1, l2: c.lambda2, tol: 1e-10 }).fit(fx.X, fx.y);
    expect(model.nonZero).toEqual(dense.nonZero);
  });

  it("threads: 2 and the path run on CSR too (each point certified, the dense path's supports)", async () => {
    const l1 = 0.3 * l1Max(csr, fx.y);
    const one = await new LogisticRegression({ l1, l2: 0, tol: 1e-10 }).fit(csr, fx.y);
    const two = await new LogisticRegression({ l1, l2: 0, tol: 1e-10, threads: 2 }).fit(csr, fx.y);
    // A support under 50 of the 200 features: the working sets were proper subsets of the columns.
    expect(one.nonZero.length).toBeLessThan(50);
    expect(two.nonZero).toEqual(one.nonZero);
    expect(maxAbsDiff(two.coef.flat(), one.coef.flat())).toBeLessThan(1e-9);
    const path = await l1Path(csr, fx.y, { nL1s: 5, l1MinRatio: 0.05, l2: 0, tol: 1e-10 });
    const densePath = await l1Path(fx.X, fx.y, { nL1s: 5, l1MinRatio: 0.05, l2: 0, tol: 1e-10 });
    expect(path.l1s).toEqual(densePath.l1s);
    expect(path.points.map((p) => p.nonZero)).toEqual(densePath.points.map((p) => p.nonZero));
    for (const point of path.points) {
      expect(point.converged).toBe(true);
      expect(certificate(fx.X, fx.y, point.l1, 0, Float64Array.from(point.coef.flatMap((row, k) => [point.intercept[k], ...row]))).kkt).toBeLessThanOrEqual(1e-10);
    }
  });
});
