// The DEFAULT fit (every option but l2 at its default: solver auto, tol 1e-8) reaches the
// reference optima (scikit-learn's, polished by Newton: test/fixtures/*_lambda*.json) to
// 1e-6 relative in the parameters and 1e-10 in the objective, with both backends: the
// accuracy a user gets without tuning, whichever solver auto picks.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";
import { referenceProblem, referenceTheta } from "./helpers/fixtures.js";

const referenceFiles = ["iris", "wine", "breast_cancer", "digits"]
  .flatMap((name) => [`${name}_std_lambda1e-2.json`, `${name}_std_lambda1e-4.json`])
  .concat(["iris_raw_lambda1e-2.json", "iris_raw_lambda1e-4.json"]);

describe.each(["wasm", "js"] as const)("the default fit (%s backend) reaches every reference optimum", (backend) => {
  it.each(referenceFiles)("%s: parameters to 1e-6, objective to 1e-10 (relative)", async (file) => {
    const { ref, X, y } = referenceProblem(file);
    const model = await new LogisticRegression({ l2: ref.lambda, backend }).fit(X, y);
    expect(model.converged).toBe(true);
    const objective = createObjective(X, y, { l2: ref.lambda, backend });
    const value = objective.value(model.theta);
    objective.dispose();
    expect(Math.abs(value - ref.objective) / ref.objective, model.solver).toBeLessThan(1e-10);
    expect(relativeError(model.theta, referenceTheta(ref), 0), model.solver).toBeLessThan(1e-6);
  });
});
