import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, createObjective } from "../src/index.js";
import { seededRandom } from "../src/util/random.js";
import { MAX_ITER } from "../src/solvers/solver.js";

// Fewer rows than features, a fifth of the columns scaled by 10^±6 or shifted by up to ±500,
// labels from a random linear model with noise, and a tiny penalty: the cost model's L-BFGS
// (solver "auto") crawls here, 1000 iterations short of tol, 1e-3 above the optimum.
function wideBadlyScaled(n: number, d: number, K: number, seed: number) {
  const r = seededRandom(seed);
  const scale = Array.from({ length: d }, () => (r() < 0.2 ? 10 ** (r() * 12 - 6) : 1));
  const shift = Array.from({ length: d }, () => (r() < 0.2 ? (r() - 0.5) * 1e3 : 0));
  const W = Array.from({ length: K * d }, () => (r() - 0.5) * 2);
  const data = new Float64Array(n * d);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) data[i * d + j] = r() < 0.1 ? 0 : (r() - 0.5) * 3;
    let best = 0;
    let top = -Infinity;
    for (let k = 0; k < K; k++) {
      let z = (r() - 0.5) * 2;
      for (let j = 0; j < d; j++) z += W[k * d + j] * data[i * d + j];
      if (z > top) [best, top] = [k, z];
    }
    y.push(best);
    for (let j = 0; j < d; j++) data[i * d + j] = data[i * d + j] * scale[j] + shift[j];
  }
  return { X: { data, rows: n, cols: d }, y };
}

describe("solver auto: L-BFGS hands over to Newton-CG when it crawls", () => {
  const { X, y } = wideBadlyScaled(256, 271, 3, 15);
  const l2 = 1e-6;

  it("the problem defeats L-BFGS alone", () => {
    const alone = new LogisticRegression({ l2, solver: "lbfgs" }).fitSync(X, y);
    expect(alone.converged).toBe(false);
    expect(alone.stopReason).toBe(MAX_ITER);
  });

  it("converges to the optimum of a tight Newton-CG fit, reporting the handover", () => {
    const iterations: number[] = [];
    const model = new LogisticRegression({ l2 }).fitSync(X, y, { onIteration: (it) => void iterations.push(it.iteration) });
    const reference = new LogisticRegression({ l2, solver: "newton-cg", tol: 1e-11 }).fitSync(X, y);
    expect(model.converged).toBe(true);
    expect(model.solver).toBe("newton-cg");
    expect(model.warnings.some((w) => w.includes("L-BFGS had not converged after 500 iterations"))).toBe(true);
    const objective = createObjective(X, y, { l2 });
    const f = objective.value(model.theta);
    const best = objective.value(reference.theta);
    // Objective within 1e-10 relative (both stop at max |∇f| ≤ tol, 1e-8 and 1e-11).
    expect(Math.abs(f - best) / best).toBeLessThan(1e-10);
    objective.dispose();
    // One report per iteration, numbered on across the handover; the start plus one loss each.
    expect(iterations).toEqual(Array.from({ length: model.nIter }, (_, i) => i + 1));
    expect(model.lossHistory.length).toBe(model.nIter + 1);
    expect(model.nIter).toBeGreaterThan(500);
    // A saved model of the handed-over fit reads back (its fit info is consistent).
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.solver).toBe("newton-cg");
    expect(back.nIter).toBe(model.nIter);
  });

  it("keeps maxIter as the bound on all iterations", () => {
    const model = new LogisticRegression({ l2, maxIter: 40 }).fitSync(X, y);
    // 20 of L-BFGS (half of maxIter), then Newton-CG within the 20 left.
    expect(model.nIter).toBeLessThanOrEqual(40);
    expect(model.solver).toBe("newton-cg");
    expect(model.warnings.some((w) => w.includes("after 20 iterations"))).toBe(true);
  });

  it("stops where onIteration says, also after the handover", () => {
    const model = new LogisticRegression({ l2 }).fitSync(X, y, { onIteration: (it) => (it.iteration === 503 ? false : undefined) });
    expect(model.nIter).toBe(503);
    expect(model.converged).toBe(false);
    expect(model.stopReason).toMatch(/onIteration returned false/);
  });

  it("cross-validation's candidates hand over too: every fold's fit converges", async () => {
    const cv = await new LogisticRegressionCV({ l2s: [1e-6, 1e-4], cv: 2 }).fit(X, y);
    const warnings = cv.searchWarnings;
    expect(warnings.some((w) => w.includes("L-BFGS had not converged"))).toBe(true);
    expect(warnings.filter((w) => w.includes("not converged ("))).toEqual([]);
  });

  it("leaves a fit L-BFGS converges on bit for bit as L-BFGS's", () => {
    const easy = wideBadlyScaled(3000, 300, 2, 16);
    const auto = new LogisticRegression({ l2: 1e-2 }).fitSync(easy.X, easy.y);
    const lbfgs = new LogisticRegression({ l2: 1e-2, solver: "lbfgs" }).fitSync(easy.X, easy.y);
    expect(auto.solver).toBe("lbfgs");
    expect(auto.converged).toBe(true);
    expect(Array.from(auto.theta)).toEqual(Array.from(lbfgs.theta));
    expect(auto.nIter).toBe(lbfgs.nIter);
  });
});
