// Newton-CG on tall data (N ≥ 50·K(d+1)), where its Hessian-vector products run on a row
// sample copied to float32 (objective/hessian-sample.ts): it must reach the optimum that
// Newton-Cholesky (exact Hessian, every row) reaches, on both backends and dtypes, with
// weights, without intercepts, on two threads, and on data too large for a float32 copy.
import { afterAll, describe, expect, it } from "vitest";
import { LogisticRegression, shutdownThreads } from "../src/index.js";
import { hessianSampleRows } from "../src/solvers/newton-cg.js";
import { F32_SAMPLE_LIMIT } from "../src/objective/hessian-sample.js";
import { randomProblem } from "./helpers/random.js";

afterAll(() => shutdownThreads());

const N = 2000;
const D = 4;
const K = 3;
const { X, y } = randomProblem(11, N, D, K);
const weights = Array.from({ length: N }, (_, i) => 0.5 + (i % 7) / 4);

interface Case {
  name: string;
  options: Record<string, unknown>;
  scale?: number;
  sampleWeight?: number[];
}

const cases: Case[] = [
  { name: "wasm float64", options: { backend: "wasm" } },
  { name: "js float64", options: { backend: "js" } },
  { name: "wasm float32", options: { backend: "wasm", dtype: "float32", tol: 1e-6 } },
  { name: "weighted", options: {}, sampleWeight: weights },
  { name: "no intercept", options: { fitIntercept: false } },
  { name: "two threads", options: { threads: 2 } },
  // |x| beyond F32_SAMPLE_LIMIT: the sample is copied in float64 (standardised, so that the
  // gradient of the raw weights need not reach 1e-8 at that scale).
  { name: "values beyond the float32 sample limit", options: { standardize: true }, scale: 2 ** 52 },
];

describe("Newton-CG with a sampled Hessian reaches Newton-Cholesky's optimum", () => {
  it("the problem is tall enough for the sample", () => {
    expect(hessianSampleRows(N, K * (D + 1))).toBeGreaterThan(0);
    expect(2 ** 52).toBeGreaterThan(F32_SAMPLE_LIMIT);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const scale = c.scale ?? 1;
    const data = X.map((row) => row.map((v) => v * scale));
    const common = { l2: 1e-3, ...c.options };
    const fitOptions = c.sampleWeight ? { sampleWeight: c.sampleWeight } : undefined;
    const sampled = await new LogisticRegression({ solver: "newton-cg", ...common }).fit(data, y, fitOptions);
    const exact = await new LogisticRegression({ solver: "newton-cholesky", ...common, dtype: "float64", tol: 1e-10 }).fit(data, y, fitOptions);
    expect(sampled.solver).toBe("newton-cg");
    expect(sampled.converged).toBe(true);
    expect(exact.converged).toBe(true);
    // The objective each solver minimised, at its last iterate.
    const f = sampled.lossHistory.at(-1)!;
    const fStar = exact.lossHistory.at(-1)!;
    // float32 X̂ moves the optimum itself by ~1e-7 relative; float64 fits must agree to rounding.
    const tolerance = c.options.dtype === "float32" ? 1e-6 : 1e-12;
    expect(Math.abs(f - fStar) / fStar).toBeLessThan(tolerance);
  });
});
