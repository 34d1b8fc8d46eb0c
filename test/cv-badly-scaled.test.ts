// Cross-validation on badly scaled features: each fold's L-BFGS, gd and sgd solves are
// preconditioned per candidate λ as one fit at that λ is, and L-BFGS's curvature pairs change
// coordinates with them. Before, a ×1e4 column stopped every lbfgs fold at maxIter, and gd's
// folds stayed at the intercept-only start.
import { describe, expect, it } from "vitest";
import { LogisticRegressionCV } from "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { preconditionerFor } from "../src/fit/problem.js";
import { readTrainingSet } from "../src/input/training-set.js";
import type { MatrixSource } from "../src/input/matrix.js";
import { Objective } from "../src/objective/objective.js";
import { ResidentData } from "../src/objective/resident-data.js";
import { ResidentMatrix } from "../src/objective/resident-matrix.js";
import { columnStatistics } from "../src/objective/standardization.js";
import { retarget } from "../src/selection/search.js";
import { randomProblem, randomVector, rng } from "./helpers/random.js";

/** randomProblem with column `column` multiplied by `factor`. */
function scaledProblem(seed: number, n: number, d: number, K: number, column: number, factor: number) {
  const { X, y } = randomProblem(seed, n, d, K);
  return { X: X.map((row) => row.map((v, j) => (j === column ? v * factor : v))), y };
}

describe("LogisticRegressionCV on a badly scaled column", () => {
  const l2s = [1e-1, 1e-2, 1e-3];
  for (const factor of [1e4, 1e-5]) {
    const { X, y } = scaledProblem(5, 600, 6, 3, 2, factor);
    // Newton-Cholesky is invariant to the column scales: the reference optimum per fold and λ.
    const reference = new LogisticRegressionCV({ l2s, cv: 3, solver: "newton-cholesky", tol: 1e-10 }).fitSync(X, y);
    // gd converges linearly: a looser tol, and scores to match within what that tol allows.
    for (const [solver, tol, within] of [["lbfgs", 1e-9, 1e-7], ["gd", 1e-5, 1e-4]] as const) {
      it(`${solver}, column ×${factor}: every fold converges, to the fold optima Newton-Cholesky finds (scores within ${within})`, () => {
        const cv = new LogisticRegressionCV({ l2s, cv: 3, solver, tol, maxIter: 20000 }).fitSync(X, y);
        expect(cv.searchWarnings.filter((w) => /not converged/.test(w))).toEqual([]);
        const want = reference.scores.flat();
        cv.scores.flat().forEach((score, i) => expect(Math.abs(score - want[i])).toBeLessThan(within * Math.abs(want[i])));
      });
    }
  }
});

describe("retarget: curvature pairs from one λ's coordinates to another's", () => {
  for (const fitIntercept of [true, false]) {
    it(`a pair of the objective at λ = 0.3 (preconditioned) equals the same pair measured at λ = 1e-4 in its own coordinates (fitIntercept ${fitIntercept})`, () => {
      const { X, y } = scaledProblem(9, 80, 4, 3, 1, 300);
      const set = readTrainingSet(X, y);
      const resident = new ResidentData(new ResidentMatrix(getBackend("wasm"), set.X as MatrixSource, "float64"), set.targets, set.weights, fitIntercept, true);
      const statistics = columnStatistics(resident, set.weights);
      const strong = preconditionerFor(statistics, { l2: 0.3, fitIntercept }, "curvature", 3).preconditioner;
      const weak = preconditionerFor(statistics, { l2: 1e-4, fitIntercept }, "curvature", 3).preconditioner;
      expect(strong).not.toBeNull();
      expect(weak).not.toBeNull();
      const from = new Objective(resident, { l2: 0.3 }, strong!);
      const to = new Objective(resident, { l2: 1e-4 }, weak!);
      const random = rng(4);
      const P = from.size;
      const theta = randomVector(random, P);
      const s = randomVector(random, P).map((v) => 0.01 * v);
      const gradientStep = (objective: Objective, at: Float64Array, step: Float64Array) => {
        const g0 = new Float64Array(P);
        const g1 = new Float64Array(P);
        objective.lossGradient(at, g0);
        objective.lossGradient(at.map((v, i) => v + step[i]), g1);
        return g1.map((v, i) => v - g0[i]);
      };
      const memory = { pairs: [{ s: Float64Array.from(s), y: gradientStep(from, theta, s), rho: 0 }] };
      retarget(memory, from, to);
      // The same two points, in the coordinates of `to`.
      const thetaTo = to.fromOriginal(from.toOriginal(theta));
      const sTo = to.fromOriginal(from.toOriginal(s));
      const yTo = gradientStep(to, thetaTo, sTo);
      expect(memory.pairs).toHaveLength(1);
      const [pair] = memory.pairs;
      const size = (v: Float64Array) => Math.max(...v.map(Math.abs));
      pair.s.forEach((v, i) => expect(Math.abs(v - sTo[i])).toBeLessThan(1e-12 * size(sTo)));
      pair.y.forEach((v, i) => expect(Math.abs(v - yTo[i])).toBeLessThan(1e-8 * size(yTo)));
      expect(pair.rho).toBeCloseTo(1 / pair.s.reduce((a, v, i) => a + v * pair.y[i], 0), 12);
      from.dispose();
      to.dispose();
      resident.dispose();
    });
  }
});
