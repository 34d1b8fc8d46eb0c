// A class that carries no weight (all its rows weigh 0, class weight 0, or a soft-target column
// of zeros) has no finite optimum when the intercept is fitted: its intercept runs to −∞. Fits
// refuse it before allocating, naming the class; without an intercept the penalty keeps the
// optimum finite, which the gradient at the returned θ certifies.
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, createObjective, kernelMemory, l1Path } from "../src/index.js";

const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 60; i++) {
  X.push([Math.sin(i), Math.cos(1.7 * i), (i % 7) / 7]);
  y.push(i % 3);
}
const noClass2 = y.map((k) => (k === 2 ? 0 : 1));
const soft = y.map((k) => (k === 0 ? [0.8, 0.2, 0] : [0.1, 0.9, 0]));

describe("a class with no weight", () => {
  it("sampleWeight 0 on every row of a class: INVALID_WEIGHTS naming the class, for every solver and fitSync", async () => {
    for (const solver of ["auto", "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd"] as const) {
      await expect(new LogisticRegression({ solver }).fit(X, y, { sampleWeight: noClass2 }), solver).rejects.toMatchObject({
        code: "INVALID_WEIGHTS",
        message: /sampleWeight is 0 on every row of class 2, so its intercept has no finite optimum/,
      });
    }
    expect(() => new LogisticRegression().fitSync(X, y, { sampleWeight: noClass2 })).toThrow(/class 2/);
    await expect(new LogisticRegression({ l1: 0.01 }).fit(X, y, { sampleWeight: noClass2 })).rejects.toMatchObject({ code: "INVALID_WEIGHTS" });
    await expect(l1Path(X, y, { sampleWeight: noClass2, nL1s: 3 })).rejects.toMatchObject({ code: "INVALID_WEIGHTS" });
  });

  it("classWeight 0 for one class, string labels: INVALID_WEIGHTS naming the label", async () => {
    const labels = y.map((k) => ["cat", "dog", "eel"][k]);
    await expect(new LogisticRegression({ classWeight: { dog: 0 } }).fit(X, labels)).rejects.toMatchObject({
      code: "INVALID_WEIGHTS",
      message: /option classWeight gives class "dog" weight 0/,
    });
  });

  it("a soft-target column of zeros is INVALID_Y; one that is positive only on rows of weight 0 is INVALID_WEIGHTS", async () => {
    await expect(new LogisticRegression().fit(X, soft)).rejects.toMatchObject({ code: "INVALID_Y", message: /soft target column 2 \(class 2\) is 0 in every row/ });
    const someMass = soft.map((p, i) => (i === 5 ? [0.5, 0.2, 0.3] : p));
    const weights = someMass.map((_, i) => (i === 5 ? 0 : 1));
    await expect(new LogisticRegression().fit(X, someMass, { sampleWeight: weights })).rejects.toMatchObject({
      code: "INVALID_WEIGHTS",
      message: /every row where class 2 has a probability above 0/,
    });
  });

  it("a refused fit leaves the fitted model and kernel memory as they were", async () => {
    const model = await new LogisticRegression().fit(X, y);
    const theta = model.theta;
    const before = kernelMemory().bytesInUse;
    await expect(model.fit(X, y, { sampleWeight: noClass2 })).rejects.toMatchObject({ code: "INVALID_WEIGHTS" });
    expect(model.theta).toEqual(theta);
    expect(kernelMemory().bytesInUse).toBe(before);
  });

  it("without an intercept the fit converges to a finite optimum: the gradient there is below tol", async () => {
    for (const [targets, sampleWeight] of [
      [y, noClass2],
      [soft, undefined],
    ] as const) {
      const model = await new LogisticRegression({ fitIntercept: false, l2: 1e-3, tol: 1e-10 }).fit(X, targets, { sampleWeight: sampleWeight as number[] | undefined });
      expect(model.converged).toBe(true);
      const f = createObjective(X, targets, { fitIntercept: false, l2: 1e-3, sampleWeight: sampleWeight as number[] | undefined });
      const g = f.gradient(model.theta);
      f.dispose();
      expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-9);
      expect(model.theta.every(Number.isFinite)).toBe(true);
    }
  });

  it("partialFit still takes batches that lack a declared class, and cross-validation names the fold", async () => {
    const model = new LogisticRegression({ solver: "sgd" });
    await model.partialFit(X.slice(0, 10), y.slice(0, 10).map((k) => k % 2), { classes: [0, 1, 2] });
    expect(model.classes).toEqual([0, 1, 2]);
    await expect(new LogisticRegressionCV({ l2s: [1e-2] }).fit(X, y, { sampleWeight: noClass2 })).rejects.toMatchObject({
      code: "INVALID_Y",
      message: /fold 0: class 2 has no training rows/,
    });
  });
});
