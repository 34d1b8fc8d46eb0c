import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../src/index.js";

// Features of size ~1e100: float64's rounding, not the solver, ends Newton-CG's progress. The
// stop reason's remedy must fit the dtype: "use dtype float64" only helps a float32 fit.
function hugeFeatures(): { X: number[][]; y: number[] } {
  let s = 7;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const c = i % 3;
    X.push([(r() + c) * 1e100, (r() - c) * 1e100, r() * 1e100]);
    y.push(c);
  }
  return { X, y };
}

describe("the noise-floor stop reason", () => {
  it("does not tell a float64 fit to use float64", () => {
    const { X, y } = hugeFeatures();
    // Newton-Cholesky stalls at the noise floor; Newton-CG (equilibrated preconditioner) ends on
    // a line search that finds no decrease, which names float64's precision and no remedy.
    for (const solver of ["newton-cholesky", "newton-cg"] as const) {
      const model = new LogisticRegression({ solver }).fitSync(X, y);
      expect(model.converged).toBe(false);
      expect(model.stopReason).toMatch(solver === "newton-cholesky" ? /noise floor/ : /flat to float64 precision/);
      expect(model.stopReason).not.toMatch(/dtype float64/);
      if (/noise floor/.test(model.stopReason)) expect(model.stopReason).toMatch(/rescale the features/);
      for (const v of model.theta) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
