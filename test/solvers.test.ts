// Solvers reach the reference optima (scikit-learn's, polished by Newton) through the
// public API; both backends; the stopping rule and the null-space handling.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../src/index.js";
import { referenceProblem, referenceTheta } from "./helpers/fixtures.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem } from "./helpers/random.js";

const referenceFiles = ["iris", "wine", "breast_cancer", "digits"].flatMap((name) => [
  `${name}_std_lambda1e-2.json`,
  `${name}_std_lambda1e-4.json`,
]).concat(["iris_raw_lambda1e-2.json", "iris_raw_lambda1e-4.json"]);

/** max |a − b| / max |b|: the relative parameter error. */
const relativeParameterError = (a: Float64Array, b: Float64Array) => relativeError(a, b, 0);

describe.each(["wasm", "js"] as const)("Newton (%s backend) reaches every reference optimum", (backend) => {
  it.each(referenceFiles)("%s: parameters to 1e-6, objective to 1e-10 (relative)", async (file) => {
    const { ref, X, y } = referenceProblem(file);
    const model = new LogisticRegression({ solver: "newton", l2: ref.lambda, tol: 1e-10, backend });
    await model.fit(X, y);
    expect(model.converged).toBe(true);
    const theta = model.theta;
    const objective = createObjective(X, y, { l2: ref.lambda, backend });
    const value = objective.value(theta);
    objective.dispose();
    expect(Math.abs(value - ref.objective) / ref.objective).toBeLessThan(1e-10);
    expect(relativeParameterError(theta, referenceTheta(ref))).toBeLessThan(1e-6);
    // The history's last entry is the loss before re-centring the intercepts, equal up to rounding.
    expect(Math.abs(model.lossHistory.at(-1)! - value)).toBeLessThan(1e-14);
  });
});

describe.each(["wasm", "js"] as const)("L-BFGS and auto (%s backend) reach every reference optimum", (backend) => {
  it.each(referenceFiles)("%s", async (file) => {
    const { ref, X, y } = referenceProblem(file);
    for (const solver of ["lbfgs", "auto"] as const) {
      const model = await new LogisticRegression({ solver, l2: ref.lambda, tol: 1e-11, backend }).fit(X, y);
      expect(model.converged).toBe(true);
      const theta = model.theta;
      const objective = createObjective(X, y, { l2: ref.lambda, backend });
      expect(Math.abs(objective.value(theta) - ref.objective) / ref.objective).toBeLessThan(1e-10);
      objective.dispose();
      expect(relativeParameterError(theta, referenceTheta(ref))).toBeLessThan(1e-6);
      expect(["newton-cholesky", "newton-cg", "lbfgs"]).toContain(model.solver);
    }
  });
});

describe("gradient descent and SGD on iris", () => {
  const { ref, X, y } = referenceProblem("iris_std_lambda1e-2.json");

  it("GD reaches the optimum to 1e-6 relative objective", async () => {
    const model = new LogisticRegression({ solver: "gd", l2: ref.lambda, tol: 1e-7 });
    await model.fit(X, y);
    const relative = (model.lossHistory.at(-1)! - ref.objective) / ref.objective;
    expect(relative).toBeGreaterThanOrEqual(-1e-12);
    expect(relative).toBeLessThan(1e-6);
    // Each accepted step decreased the loss.
    const h = model.lossHistory;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeLessThanOrEqual(h[i - 1]);
  });

  it("SGD with default settings reaches the optimum to 1e-3 relative objective", async () => {
    const model = new LogisticRegression({ solver: "sgd", l2: ref.lambda, seed: 3 });
    await model.fit(X, y);
    const relative = (model.lossHistory.at(-1)! - ref.objective) / ref.objective;
    expect(relative).toBeGreaterThanOrEqual(-1e-12);
    expect(relative).toBeLessThan(1e-3);
  });

  it("SGD is reproducible bit for bit from its seed, and the seed matters", async () => {
    const fit = async (seed: number) => (await new LogisticRegression({ solver: "sgd", seed, maxIter: 20 }).fit(X, y)).coef;
    expect(await fit(7)).toEqual(await fit(7));
    expect(await fit(7)).not.toEqual(await fit(8));
  });
});

describe("Newton specifics", () => {
  it("Newton-CG (Hessian-free) reaches the same optimum as exact Newton", async () => {
    const { ref, X, y } = referenceProblem("digits_std_lambda1e-2.json");
    const model = await new LogisticRegression({ solver: "newton-cg", l2: ref.lambda, tol: 1e-10 }).fit(X, y);
    expect(model.solver).toBe("newton-cg");
    expect(model.converged).toBe(true);
    expect(relativeParameterError(model.theta, referenceTheta(ref))).toBeLessThan(1e-6);
  });

  it('"newton-cholesky" and "newton-cg" run, bit for bit, what "newton" resolves to', async () => {
    for (const [file, inner] of [["iris_std_lambda1e-2.json", "newton-cholesky"], ["digits_std_lambda1e-2.json", "newton-cg"]] as const) {
      const { ref, X, y } = referenceProblem(file);
      const newton = await new LogisticRegression({ solver: "newton", l2: ref.lambda }).fit(X, y);
      const named = await new LogisticRegression({ solver: inner, l2: ref.lambda }).fit(X, y);
      expect(newton.solver).toBe(inner);
      expect(named.solver).toBe(inner);
      expect(named.coef).toEqual(newton.coef);
      expect(named.intercept).toEqual(newton.intercept);
      expect(named.lossHistory).toEqual(newton.lossHistory);
    }
  });

  it("works with l2: 0 on a non-separable problem (finite optimum): gradient ≤ tol, no damping needed", async () => {
    const { X, y } = randomProblem(42, 400, 3, 3);
    const model = new LogisticRegression({ l2: 0, tol: 1e-10 });
    await model.fit(X, y);
    expect(model.converged).toBe(true);
    expect(model.warnings).toEqual([]);
    // In the symmetric gauge every feature's weights sum to zero over the classes.
    for (let j = 0; j < 3; j++) expect(Math.abs(model.coef.reduce((a, row) => a + row[j], 0))).toBeLessThan(1e-12);
    const objective = createObjective(X, y, { l2: 0 });
    expect(Math.max(...objective.gradient(model.theta).map(Math.abs))).toBeLessThan(1e-10);
    objective.dispose();
  });

  it("stops on max |gradient| ≤ tol and reports why", async () => {
    const { ref, X, y } = referenceProblem("wine_std_lambda1e-2.json");
    const loose = await new LogisticRegression({ l2: ref.lambda, tol: 1e-2 }).fit(X, y);
    const tight = await new LogisticRegression({ l2: ref.lambda, tol: 1e-12 }).fit(X, y);
    expect(loose.nIter).toBeLessThan(tight.nIter);
    expect(loose.stopReason).toMatch(/tol/);
    const capped = await new LogisticRegression({ l2: ref.lambda, tol: 1e-12, maxIter: 2 }).fit(X, y);
    expect(capped.converged).toBe(false);
    expect(capped.nIter).toBe(2);
    expect(capped.stopReason).toMatch(/maxIter/);
  });
});
