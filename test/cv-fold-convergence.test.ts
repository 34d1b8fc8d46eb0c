// Cross-validation scores each fold at the point its solver stopped: a fold that stopped short
// of its optimum (maxIter here) is named in searchWarnings, so the scores are not taken at face value.
import { describe, expect, it } from "vitest";
import { LogisticRegressionCV } from "../src/index.js";
import { randomProblem } from "./helpers/random.js";

describe("cross-validation folds that do not converge", () => {
  const { X, y } = randomProblem(3, 240, 4, 3);

  it("are named in searchWarnings with the solver's stop reason", async () => {
    const cv = await new LogisticRegressionCV({ l2s: [1e-2, 1e-4], cv: 3, solver: "lbfgs", maxIter: 2 }).fit(X, y);
    const short = cv.searchWarnings.filter((w) => /not converged \(reached maxIter/.test(w));
    expect(short.length).toBe(6);
    expect(short).toContain(`fold 0, l2 0.01, l1 0: not converged (reached maxIter before max |gradient| ≤ tol)`);
  });

  it("converged folds add no such warning", async () => {
    const cv = await new LogisticRegressionCV({ l2s: [1e-2, 1e-4], cv: 3 }).fit(X, y);
    expect(cv.searchWarnings.filter((w) => /not converged/.test(w))).toEqual([]);
  });
});
