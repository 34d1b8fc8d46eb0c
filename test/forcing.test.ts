// Eisenstat–Walker's adaptive forcing term (src/solvers/forcing.ts), against its formula, and
// the sparse Newton-CG that uses it: the same optimum as a tight reference fit.
import { describe, expect, it } from "vitest";
import { AdaptiveForcing } from "../src/solvers/forcing.js";
import { LogisticRegression, createObjective } from "../src/index.js";
import { bagOfWords } from "../bench/sparse/bag-of-words.js";

const ALPHA = (1 + Math.sqrt(5)) / 2;
const vector = (norm: number) => Float64Array.from([0.6 * norm, 0.8 * norm]);

describe("AdaptiveForcing", () => {
  it("starts at the cap, then follows 0.9·(‖g_k‖/‖g_{k−1}‖)^α, capped", () => {
    const forcing = new AdaptiveForcing(0.3, 0);
    expect(forcing.next(vector(1))).toBe(0.3);
    // A slow fall: the cap.
    expect(forcing.next(vector(0.9))).toBe(0.3);
    // A fast fall (ratio 0.1): 0.9·0.1^α ≈ 0.022, and the safeguard 0.9·0.3^α ≈ 0.13 > 0.1 holds it up.
    expect(forcing.next(vector(0.09))).toBeCloseTo(0.9 * 0.3 ** ALPHA, 15);
    // The safeguard of η ≈ 0.13 is 0.9·0.13^α ≈ 0.033 < 0.1: the formula alone.
    expect(forcing.next(vector(0.009))).toBeCloseTo(0.9 * 0.1 ** ALPHA, 15);
  });

  it("is independent of the gradient's scale (tol 0)", () => {
    const norms = [3, 2, 0.5, 0.02, 1e-4, 1e-9];
    const run = (scale: number) => {
      const forcing = new AdaptiveForcing(0.3, 0);
      return norms.map((n) => forcing.next(vector(n * scale)));
    };
    const a = run(1);
    const b = run(1e8);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 12);
    expect(a.at(-1)!).toBeLessThan(1e-4); // it does tighten
  });

  it("never asks for a residual below half the tolerance", () => {
    const forcing = new AdaptiveForcing(0.3, 1e-8);
    forcing.next(vector(1));
    forcing.next(vector(1e-3));
    const eta = forcing.next(vector(1e-7));
    expect(eta * 1e-7).toBeGreaterThanOrEqual(0.5e-8 * (1 - 1e-12));
    expect(forcing.next(vector(1e-9))).toBe(0.3); // past the tolerance: the cap
  });

  it("a non-finite or zero gradient norm gives the cap, never NaN", () => {
    const forcing = new AdaptiveForcing(0.3, 1e-8);
    forcing.next(vector(1));
    expect(forcing.next(Float64Array.from([NaN, 1]))).toBe(0.3);
    expect(forcing.next(vector(0))).toBe(0.3);
    expect(forcing.next(Float64Array.from([Infinity, 1]))).toBe(0.3);
  });
});

describe("the sparse default fit with adaptive forcing", () => {
  it("reaches the optimum of a tight L-BFGS fit (objective within 1e-12; θ within 1e-6, what max |∇f| ≤ 1e-8 allows at λ = 1e-3)", async () => {
    const b = bagOfWords({ rows: 500, cols: 3000, perRow: 40, K: 6, seed: 21 });
    const y = Array.from(b.y);
    const fit = await new LogisticRegression({ l2: 1e-3 }).fit(b.X, y);
    const reference = await new LogisticRegression({ l2: 1e-3, solver: "lbfgs", tol: 1e-11, maxIter: 20000 }).fit(b.X, y);
    expect(fit.solver).toBe("newton-cg");
    expect(fit.converged).toBe(true);
    const objective = createObjective(b.X, y, { l2: 1e-3 });
    const [f, fRef] = [objective.value(fit.theta), objective.value(reference.theta)];
    expect(Math.abs(f - fRef) / fRef).toBeLessThan(1e-12);
    let largest = 0;
    let scale = 0;
    for (let i = 0; i < fit.theta.length; i++) {
      largest = Math.max(largest, Math.abs(fit.theta[i] - reference.theta[i]));
      scale = Math.max(scale, Math.abs(reference.theta[i]));
    }
    expect(largest / scale).toBeLessThan(1e-6);
  }, 60_000);
});
