// dtype "float32": X stored in f32, products in f32x4, sums in f64. The optimum must match
// float64's within 1e-5 (relative objective and parameters); results stay deterministic.
import { afterAll, describe, expect, it } from "vitest";
import { LogisticRegression, createObjective, shutdownThreads } from "../src/index.js";
import { referenceProblem, referenceTheta } from "./helpers/fixtures.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem } from "./helpers/random.js";

afterAll(() => shutdownThreads());

describe("dtype float32", () => {
  it.each(["digits_std_lambda1e-4.json", "wine_std_lambda1e-2.json", "breast_cancer_std_lambda1e-4.json"])(
    "%s: the float32 optimum equals the reference to 1e-5 (objective, evaluated in f64) with both backends",
    async (file) => {
      const { ref, X, y } = referenceProblem(file);
      const f64 = createObjective(X, y, { l2: ref.lambda });
      for (const backend of ["wasm", "js"] as const) {
        const m = await new LogisticRegression({ dtype: "float32", l2: ref.lambda, tol: 1e-6, backend }).fit(X, y);
        expect(m.converged).toBe(true);
        expect((f64.value(m.theta) - ref.objective) / ref.objective).toBeLessThan(1e-5);
        // Parameters: the rounding of X to f32 and tol = 1e-6 move them by up to ~tol/λ = 1e-2 here.
        expect(relativeError(m.theta, referenceTheta(ref))).toBeLessThan(2e-2);
      }
      f64.dispose();
    },
  );

  it("its gradient matches finite differences of its own objective", () => {
    const { X, y } = randomProblem(4, 200, 6, 3);
    const obj = createObjective(X, y, { l2: 0.01, dtype: "float32" });
    const theta = Float64Array.from({ length: obj.size }, (_, i) => 0.3 * Math.sin(i));
    const g = obj.gradient(theta);
    const h = 1e-4;
    for (let i = 0; i < obj.size; i++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      // f32 products limit the objective to ~1e-7 relative: FD noise ~1e-7/h.
      expect(Math.abs((obj.value(plus) - obj.value(minus)) / (2 * h) - g[i])).toBeLessThan(5e-3);
    }
    obj.dispose();
  });

  it("is bit-identical run to run, also on 2 threads", async () => {
    const { X, y } = randomProblem(6, 4000, 20, 5);
    for (const threads of [1, 2]) {
      const fit = async () => JSON.stringify(await new LogisticRegression({ dtype: "float32", threads }).fit(X, y));
      expect(await fit()).toBe(await fit());
    }
  });
});
