// Warm starts (fit option init, option warmStart) and early stopping through onIteration.
import { describe, expect, it } from "vitest";
import { LogisticRegression, type FittedSolver } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { referenceProblem } from "../helpers/fixtures.js";

const { X, y } = referenceProblem("wine_std_lambda1e-2.json");
const solvers: FittedSolver[] = ["newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd"];

describe("warm start", () => {
  for (const solver of solvers) {
    it(`${solver}: starting at the optimum converges in at most two iterations`, async () => {
      const tol = solver === "sgd" ? 1e-4 : solver === "gd" ? 1e-6 : 1e-8;
      // The optimum, to a tighter tolerance than the warm-started fit asks for.
      const optimum = await new LogisticRegression({ solver: "newton", l2: 1e-2, tol: 1e-12 }).fit(X, y);
      const model = await new LogisticRegression({ solver, l2: 1e-2, tol }).fit(X, y, { init: { coef: optimum.coef, intercept: optimum.intercept } });
      expect(model.converged).toBe(true);
      expect(model.nIter).toBeLessThanOrEqual(2);
      expect(relativeError(model.theta, optimum.theta)).toBeLessThan(solver === "sgd" ? 1e-4 : 1e-6);
      // A fitted model as init, and warmStart from the model's own parameters, do the same.
      const fromModel = await new LogisticRegression({ solver, l2: 1e-2, tol }).fit(X, y, { init: optimum });
      expect(fromModel.nIter).toBeLessThanOrEqual(2);
      const own = new LogisticRegression({ solver: "newton", l2: 1e-2, tol: 1e-12, warmStart: true });
      await own.fit(X, y);
      const again = await own.fit(X, y);
      expect(again.nIter).toBeLessThanOrEqual(2);
    });
  }

  it("a warm start from a nearby λ takes fewer iterations than a cold start and reaches the same optimum", async () => {
    const near = await new LogisticRegression({ solver: "lbfgs", l2: 2e-2 }).fit(X, y);
    const cold = await new LogisticRegression({ solver: "lbfgs", l2: 1e-2 }).fit(X, y);
    const warm = await new LogisticRegression({ solver: "lbfgs", l2: 1e-2 }).fit(X, y, { init: near });
    expect(warm.nIter).toBeLessThan(cold.nIter);
    expect(relativeError(warm.theta, cold.theta)).toBeLessThan(1e-6);
  });

  it("with standardize, init is in original units", async () => {
    const raw = X.map((row) => row.map((v, j) => v * (j + 1) * 10 + j));
    const optimum = await new LogisticRegression({ l2: 1e-2, tol: 1e-12, standardize: true }).fit(raw, y);
    const model = await new LogisticRegression({ l2: 1e-2, standardize: true }).fit(raw, y, { init: optimum });
    expect(model.nIter).toBeLessThanOrEqual(1);
    expect(relativeError(model.theta, optimum.theta)).toBeLessThan(1e-8);
  });

  it("warmStart without a fitted model starts from zeros", async () => {
    const a = await new LogisticRegression({ l2: 1e-2, warmStart: true }).fit(X, y);
    const b = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(a.theta).toEqual(b.theta);
  });

  it("mismatched classes, feature counts and shapes are typed errors, and the model stays as it was", async () => {
    const model = await new LogisticRegression({ l2: 1e-2, warmStart: true }).fit(X, y);
    const before = JSON.stringify(model);
    const twoClasses = y.map((k) => (k === 2 ? 1 : k));
    await expect(model.fit(X, twoClasses)).rejects.toMatchObject({ code: "INVALID_Y", message: /warmStart: this model has classes \[0, 1, 2\] but y has \[0, 1\]/ });
    await expect(model.fit(X.map((r) => r.slice(1)), y)).rejects.toMatchObject({ code: "FEATURE_MISMATCH", message: /13 features but X has 12/ });
    const strings = y.map((k) => ["a", "b", "c"][k]);
    await expect(new LogisticRegression().fit(X, strings, { init: model })).rejects.toMatchObject({ code: "INVALID_Y", message: /init: the model has classes/ });
    await expect(new LogisticRegression().fit(X, y, { init: { coef: model.coef.slice(1) } })).rejects.toMatchObject({ code: "INVALID_OPTION", message: /3 rows/ });
    await expect(new LogisticRegression().fit(X, y, { init: { coef: model.coef, intercept: [0, 0] } })).rejects.toMatchObject({ code: "INVALID_OPTION", message: /intercept must have 3 values/ });
    await expect(new LogisticRegression().fit(X, y, { init: { coef: model.coef.map((r) => r.slice(2)) } })).rejects.toMatchObject({ code: "FEATURE_MISMATCH" });
    const bad = model.coef.map((r) => [...r]);
    bad[1][4] = NaN;
    await expect(new LogisticRegression().fit(X, y, { init: { coef: bad } })).rejects.toMatchObject({ code: "INVALID_OPTION", message: /coef\[1\]\[4\] must be a finite number/ });
    await expect(new LogisticRegression().fit(X, y, { init: new LogisticRegression() })).rejects.toMatchObject({ code: "NOT_FITTED" });
    await expect(new LogisticRegression().fit(X, y, { init: 3 as never })).rejects.toMatchObject({ code: "INVALID_OPTION" });
    // coef passed on its own (an array) is named as such, not as "coef is undefined".
    await expect(new LogisticRegression().fit(X, y, { init: model.coef as never })).rejects.toMatchObject({ code: "INVALID_OPTION", message: /init must be \{ coef, intercept \} or a fitted model, got an array/ });
    expect(JSON.stringify(model)).toBe(before);
  });

  it("init without intercept starts the intercepts at 0; fitIntercept false ignores init's intercepts", async () => {
    const optimum = await new LogisticRegression({ l2: 1e-2, fitIntercept: false, tol: 1e-12 }).fit(X, y);
    const model = await new LogisticRegression({ l2: 1e-2, fitIntercept: false }).fit(X, y, { init: { coef: optimum.coef, intercept: [5, 6, 7] } });
    expect(model.intercept).toEqual([0, 0, 0]);
    expect(model.nIter).toBeLessThanOrEqual(1);
    expect(() => LogisticRegression.fromJSON(JSON.stringify(model))).not.toThrow();
  });
});

describe("early stopping through onIteration", () => {
  for (const solver of solvers) {
    it(`${solver}: returning false keeps that iterate, converged false, stopReason says so`, async () => {
      const seen: Float64Array[] = [];
      const model = await new LogisticRegression({ solver, l2: 1e-2, tol: 0 }).fit(X, y, {
        onIteration: (r) => {
          seen.push(r.theta);
          return r.iteration < 3;
        },
      });
      expect(seen).toHaveLength(3);
      expect(model.nIter).toBe(3);
      expect(model.converged).toBe(false);
      expect(model.stopReason).toMatch(/onIteration returned false/);
      expect(model.lossHistory).toHaveLength(4);
      // The model is the third iterate (re-centred on the softmax's null directions only: same predictions).
      const expected = chunk(seen[2], 14);
      const centredIntercepts = expected.map((r) => r[0] - expected.reduce((a, q) => a + q[0], 0) / 3);
      expect(relativeError(model.intercept, centredIntercepts)).toBeLessThan(1e-14);
      expect(relativeError(model.coef.flat(), expected.flatMap((r) => r.slice(1)))).toBeLessThan(1e-14);
    });
  }

  it("only false stops: undefined, true, 0 and null carry on", async () => {
    for (const value of [undefined, true, 0, null]) {
      const model = await new LogisticRegression({ l2: 1e-2 }).fit(X, y, { onIteration: () => value as never });
      expect(model.converged).toBe(true);
    }
  });

  it("fitSync stops the same way", () => {
    const model = new LogisticRegression({ solver: "lbfgs", l2: 1e-2 }).fitSync(X, y, { onIteration: (r) => r.iteration !== 5 });
    expect(model.nIter).toBe(5);
    expect(model.stopReason).toMatch(/onIteration returned false/);
  });

  it("a throwing callback propagates and leaves the model as it was", async () => {
    const model = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    const before = JSON.stringify(model);
    await expect(
      model.fit(X.slice(0, 100), y.slice(0, 100), {
        onIteration: () => {
          throw new Error("boom");
        },
      }),
    ).rejects.toThrow("boom");
    expect(JSON.stringify(model)).toBe(before);
  });

  it("on λ = 0 separable data a stop by the callback keeps its own reason", async () => {
    const sep = { X: [[0], [1], [2], [3]], y: [0, 0, 1, 1] };
    const model = await new LogisticRegression({ solver: "newton", l2: 0 }).fit(sep.X, sep.y, { onIteration: (r) => r.iteration < 2 });
    expect(model.stopReason).toMatch(/onIteration returned false/);
  });
});

function chunk(theta: Float64Array, m: number): number[][] {
  return Array.from({ length: theta.length / m }, (_, k) => Array.from(theta.subarray(k * m, (k + 1) * m)));
}
