// Silently wrong answers: every solver on features whose squares overflow, SGD's treatment of
// sample weights at every batch size. A correct model or a typed error, never a hollow one.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../../src/index.js";
import type { SolverName } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { referenceProblem } from "../helpers/fixtures.js";
import { randomProblem } from "../helpers/random.js";
import { codeOf, messageOf } from "./helpers.js";

const SOLVERS: SolverName[] = ["auto", "newton", "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd"];

describe("features so large that their squares overflow", () => {
  const { X, y } = referenceProblem("iris_std_lambda1e-2.json");
  it.each(SOLVERS)("%s: NUMERICAL naming the column, never an all-zero 'flat' model", async (solver) => {
    for (const scale of [1e154, 1e200, 1e307]) {
      const big = X.map((r) => [r[0], r[1] * scale, r[2], r[3]]);
      expect(await codeOf(() => new LogisticRegression({ solver, maxIter: 20 }).fit(big, y))).toBe("NUMERICAL");
      expect(await messageOf(() => new LogisticRegression({ solver, maxIter: 20 }).fit(big, y))).toMatch(/X column 1 has values up to/);
    }
  });

  it.each(SOLVERS)("%s: just below the limit (1e150) no NUMERICAL and no NaN; Newton, affine-invariant, still classifies", async (solver) => {
    const big = X.map((r) => r.map((v) => v * 1e150));
    const m = await new LogisticRegression({ solver, l2: 1e-2, maxIter: 50 }).fit(big, y);
    expect(m.theta.every(Number.isFinite)).toBe(true);
    if (!m.converged) expect(m.stopReason).toMatch(/line search|maxIter|noise floor/);
    if (solver.startsWith("newton-cholesky")) expect(m.score(big, y)).toBeGreaterThan(0.8);
  });

  it("createObjective refuses such data the same way", async () => {
    expect(await codeOf(() => createObjective(X.map((r) => [r[0] * 1e160, r[1], r[2], r[3]]), y))).toBe("NUMERICAL");
  });
});

describe("SGD and sample weights", () => {
  const { X, y } = randomProblem(51, 300, 3, 3);
  const w = X.map((_, i) => (i % 4 === 0 ? 8 : 1));

  it.each([1, 7, 50])("batchSize %i: SGD goes to the weighted optimum (the weights neither cancel out nor count only within a batch)", async (batchSize) => {
    const options = { solver: "sgd" as const, batchSize, maxIter: 100, l2: 1e-2 };
    const weighted = await new LogisticRegression(options).fit(X, y, { sampleWeight: w });
    const plain = await new LogisticRegression(options).fit(X, y);
    const optimum = await new LogisticRegression({ l2: 1e-2 }).fit(X, y, { sampleWeight: w });
    const plainOptimum = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(relativeError(weighted.theta, plain.theta)).toBeGreaterThan(1e-3);
    // SGD with weights goes to the weighted optimum, not the unweighted one.
    const gap = relativeError(optimum.theta, plainOptimum.theta);
    expect(gap).toBeGreaterThan(0.05);
    // Batches of one row are noisy (rows weigh 1 or 8): closer to the weighted optimum than to
    // the unweighted one, where the weights used to cancel out; larger batches within a fifth of the gap.
    expect(relativeError(weighted.theta, optimum.theta)).toBeLessThan(batchSize === 1 ? relativeError(weighted.theta, plainOptimum.theta) : gap / 5);
  });

  it("integer weights act as repeated rows for SGD's objective (same optimum to SGD's precision)", async () => {
    const repeated = X.flatMap((r, i) => Array.from({ length: w[i] }, () => r));
    const repeatedY = y.flatMap((v, i) => Array.from({ length: w[i] }, () => v));
    const options = { solver: "sgd" as const, batchSize: 4, maxIter: 200, l2: 1e-2, tol: 0 };
    const weighted = await new LogisticRegression(options).fit(X, y, { sampleWeight: w });
    const dup = await new LogisticRegression(options).fit(repeated, repeatedY);
    const optimum = await new LogisticRegression({ l2: 1e-2 }).fit(X, y, { sampleWeight: w });
    expect(relativeError(weighted.theta, optimum.theta)).toBeLessThan(2e-2);
    expect(relativeError(dup.theta, optimum.theta)).toBeLessThan(2e-2);
  });

  it("a held-out fold (weights 0) is ignored by SGD", async () => {
    const fold = X.map((_, i) => (i < 200 ? 1 : 0));
    const options = { solver: "sgd" as const, batchSize: 1, maxIter: 40, l2: 1e-2 };
    const m = await new LogisticRegression(options).fit(X, y, { sampleWeight: fold });
    const optimum = await new LogisticRegression({ l2: 1e-2 }).fit(X.slice(0, 200), y.slice(0, 200));
    const wrong = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(relativeError(m.theta, optimum.theta)).toBeLessThan(relativeError(m.theta, wrong.theta));
  });
});
