// Features in the millions beside features near 1: badly scaled, not singular. Newton with
// Cholesky used to fail there (a pivot test against the largest diagonal, and the null
// direction of the big column curved only by λ), damping until it stalled at 1000 iterations
// far from the optimum. Checked here: the fit converges, its gradient computed independently by
// the pure-JS objective is below tol, and Newton-CG (no Cholesky) reaches the same optimum.
// Newton-CG's Gram preconditioner is factorised equilibrated when its scales are too far
// apart (a 1e8 column stopped it at maxIter). L-BFGS used to stop at maxIter there (a 1e4 column was enough); it now runs on columns
// rescaled by their curvature (the same optimum), checked against Newton-Cholesky's.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../src/index.js";
import { cholesky } from "../src/linalg/cholesky.js";
import { rng as seededRandom } from "./helpers/random.js";

/** 500 rows of 6 features, column 3 times `scale`; "tiny": column 4 times 1e-8; "collinear": column 5 = 2 × column 3 (noisier labels). */
function problem(scale: number, variant: "tiny" | "collinear" = "tiny") {
  const random = seededRandom(7);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 500; i++) {
    const row = Array.from({ length: 6 }, () => 2 * random() - 1);
    const signal = row[0] + row[3] + (variant === "collinear" ? 1.5 : 0.5) * (random() - 0.5);
    row[3] *= scale;
    if (variant === "tiny") row[4] *= 1e-8;
    else row[5] = 2 * row[3];
    X.push(row);
    y.push(signal > 0 ? (random() > 0.5 ? 1 : 2) : 0);
  }
  return { X, y };
}

function maxGradient(X: number[][], y: number[], theta: Float64Array, options: { l2: number }): number {
  const f = createObjective(X, y, { ...options, backend: "js" });
  try {
    return Math.max(...f.gradient(theta).map(Math.abs));
  } finally {
    f.dispose();
  }
}

describe("badly scaled features", () => {
  it.each([1e4, 1e6, 1e8])("a column times %s: the default fit and newton-cholesky converge to the optimum", async (scale) => {
    const { X, y } = problem(scale);
    for (const solver of ["auto", "newton-cholesky"] as const) {
      const model = await new LogisticRegression({ solver, l2: 1e-4 }).fit(X, y);
      expect(model.converged, `${solver}: ${model.stopReason}`).toBe(true);
      expect(model.nIter).toBeLessThan(20);
      expect(model.warnings).toEqual([]);
      expect(maxGradient(X, y, model.theta, { l2: 1e-4 })).toBeLessThan(1e-8);
    }
  });

  it.each([1e6, 1e8])("Newton-CG, which never factorises the Hessian, reaches the same optimum (column times %s)", async (scale) => {
    const { X, y } = problem(scale);
    // tol 1e-10 is below float64's rounding of the gradient entries of a 1e8 column (~1e-9).
    const tol = scale > 1e6 ? 1e-8 : 1e-10;
    const cholesky = await new LogisticRegression({ solver: "newton-cholesky", l2: 1e-4, tol }).fit(X, y);
    const cg = await new LogisticRegression({ solver: "newton-cg", l2: 1e-4, tol }).fit(X, y);
    expect(cg.converged).toBe(true);
    const f = createObjective(X, y, { l2: 1e-4 });
    const gap = Math.abs(f.value(cholesky.theta) - f.value(cg.theta)) / f.value(cg.theta);
    f.dispose();
    expect(gap).toBeLessThan(1e-12);
    // The intercepts and the well-scaled weights agree to 1e-6; the big column's weights are `scale` times smaller.
    for (let k = 0; k < 3; k++) {
      for (const j of [0, 1, 2, 5]) expect(Math.abs(cholesky.coef[k][j] - cg.coef[k][j])).toBeLessThan(1e-6);
      expect(Math.abs(cholesky.coef[k][3] - cg.coef[k][3])).toBeLessThan(1e-6 / scale);
      expect(Math.abs(cholesky.intercept[k] - cg.intercept[k])).toBeLessThan(1e-6);
    }
  });

  it("L-BFGS and the default on 2000 × 100 with columns times 1e6 and 1e-6: converged, at Newton-Cholesky's optimum", async () => {
    const random = seededRandom(11);
    const n = 2000;
    const d = 100;
    const data = new Float64Array(n * d);
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      let signal = 0;
      for (let j = 0; j < d; j++) {
        const v = 2 * random() - 1;
        if (j < 5) signal += v;
        data[i * d + j] = j === 3 ? v * 1e6 : j === 7 ? v * 1e-6 : v;
      }
      y.push(signal + 0.5 * (random() - 0.5) > 0 ? (random() > 0.5 ? 1 : 2) : 0);
    }
    const X = { data, rows: n, cols: d };
    const reference = await new LogisticRegression({ solver: "newton-cholesky", l2: 1e-4, tol: 1e-10 }).fit(X, y);
    expect(reference.converged).toBe(true);
    const f = createObjective(X, y, { l2: 1e-4 });
    const fStar = f.value(reference.theta);
    for (const solver of ["lbfgs", "auto"] as const) {
      const model = await new LogisticRegression({ solver, l2: 1e-4 }).fit(X, y);
      expect(model.converged, `${solver}: ${model.stopReason}`).toBe(true);
      expect(model.warnings, solver).toEqual([]);
      expect((f.value(model.theta) - fStar) / fStar, solver).toBeLessThan(1e-10);
    }
    f.dispose();
  });

  it.each([0, 1e-4])("a big column and a multiple of it (collinear, l2 = %s): Newton-Cholesky damps per column and converges", async (l2) => {
    const { X, y } = problem(1e6, "collinear");
    // Damping by a multiple of the largest diagonal stalled it (and, with l2 = 0, called the data separable).
    const newton = await new LogisticRegression({ solver: "newton-cholesky", l2 }).fit(X, y);
    expect(newton.converged, newton.stopReason).toBe(true);
    expect(newton.nIter).toBeLessThan(20);
    const lbfgs = await new LogisticRegression({ solver: "lbfgs", l2, tol: 1e-10 }).fit(X, y);
    const f = createObjective(X, y, { l2 });
    expect(Math.abs(f.value(newton.theta) - f.value(lbfgs.theta)) / f.value(lbfgs.theta)).toBeLessThan(1e-12);
    f.dispose();
  });

  it.each([1e3, 1e6])("L1 (l1 = 1e-3, l2 = 1e-4) with a column times %s: newton-l1 converges, KKT-certified by the objective's gradient", async (scale) => {
    const { X, y } = problem(scale);
    const model = await new LogisticRegression({ l1: 1e-3, l2: 1e-4 }).fit(X, y);
    // The orthant steps used to shrink to 1e-5 here: the null direction of the big column (which
    // only λ₂ curves) carried the L1 signs' class sum, and every step along it flipped signs.
    expect(model.converged, model.stopReason).toBe(true);
    expect(model.nIter).toBeLessThan(100);
    const f = createObjective(X, y, { l2: 1e-4, backend: "js" });
    const g = f.gradient(model.theta);
    f.dispose();
    const m = 7;
    let worst = 0;
    model.theta.forEach((w, i) => {
      const residual = i % m === 0 ? Math.abs(g[i]) : w !== 0 ? Math.abs(g[i] + 1e-3 * Math.sign(w)) : Math.max(0, Math.abs(g[i]) - 1e-3);
      worst = Math.max(worst, residual);
    });
    expect(worst).toBeLessThan(1e-8);
  });

  it("cholesky: each pivot is judged against its own diagonal, so scale alone never fails it", () => {
    // diag(1e16, 1) around a well-conditioned correlation matrix: positive definite.
    const s = [1e8, 1];
    const corr = [1, 0.5, 0.5, 1];
    const a = Float64Array.from(corr, (v, i) => v * s[i >> 1] * s[i & 1]);
    expect(cholesky(a, 2)).toBe(true);
    expect(a[3]).toBeCloseTo(Math.sqrt(0.75), 12);
    // The same scaling of a singular matrix still fails.
    const singular = Float64Array.from([1, 1, 1, 1], (v, i) => v * s[i >> 1] * s[i & 1]);
    expect(cholesky(singular, 2)).toBe(false);
  });
});
