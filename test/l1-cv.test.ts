// LogisticRegressionCV searching λ₁ (option l1s, with a fixed l2): per-fold held-out scores
// against independent cold fits on each fold's training rows, the choice, the refit's
// certificate, a count of l1s from λ₁_max, refusals and the saved model.
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV, l1Max } from "../src/index.js";
import { certificate, l1Fixture, maxAbsDiff } from "./helpers/l1.js";

const { X, y } = l1Fixture("l1_wine_std");
const n = X.length;
// Three explicit folds: every third row.
const folds = [0, 1, 2].map((f) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === f));

/** Mean held-out cross-entropy of `model` on the rows `rows`. */
function heldOutLogLoss(model: LogisticRegression, rows: number[]): number {
  const proba = model.predictProba(rows.map((i) => X[i]));
  const classes = model.classes;
  return -rows.reduce((a, i, r) => a + Math.log(proba[r][classes.indexOf(y[i])]), 0) / rows.length;
}

describe("LogisticRegressionCV with l1s", () => {
  const l1s = [0.003, 0.1, 0.01, 0.03];

  it("scores each λ₁ on each fold as a cold fit on the training rows does, chooses the best, refits certified", async () => {
    const cv = await new LogisticRegressionCV({ l1s, l2: 0, cv: folds, tol: 1e-10 }).fit(X, y);
    expect(cv.l1s).toEqual(l1s);
    expect(cv.l2s).toEqual([0, 0, 0, 0]);
    for (let f = 0; f < 3; f++) {
      const test = new Set(folds[f]);
      const train = Array.from({ length: n }, (_, i) => i).filter((i) => !test.has(i));
      for (let i = 0; i < l1s.length; i++) {
        const cold = await new LogisticRegression({ l1: l1s[i], l2: 0, tol: 1e-10 }).fit(train.map((r) => X[r]), train.map((r) => y[r]));
        expect(Math.abs(cv.scores[f][i] - heldOutLogLoss(cold, folds[f]))).toBeLessThan(1e-8);
      }
    }
    const best = cv.meanScores.indexOf(Math.min(...cv.meanScores));
    expect(cv.bestIndex).toBe(best);
    expect(cv.l1).toBe(l1s[best]);
    expect(cv.options.l1).toBe(l1s[best]);
    expect(cv.options.l2).toBe(0);
    expect(cv.solver).toBe("newton-l1");
    expect(cv.converged).toBe(true);
    expect(certificate(X, y, cv.l1, 0, cv.theta).kkt).toBeLessThanOrEqual(1e-10);
    const direct = await new LogisticRegression({ l1: cv.l1, l2: 0, tol: 1e-10 }).fit(X, y);
    expect(cv.nonZero).toEqual(direct.nonZero);
    expect(maxAbsDiff(cv.coef.flat(), direct.coef.flat())).toBeLessThan(1e-7);
  });

  it("a count of l1s runs up to λ₁_max of every row (ascending), where every weight is 0", async () => {
    const cv = await new LogisticRegressionCV({ l1s: 4, l2: 0, cv: folds }).fit(X, y);
    const values = cv.l1s;
    expect(values.length).toBe(4);
    expect(values[3]).toBe(l1Max(X, y));
    for (let i = 1; i < 4; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(values[0] / values[3]).toBeCloseTo(1e-4, 12);
  });

  it("round-trips through JSON, and refuses what it cannot do", async () => {
    const cv = await new LogisticRegressionCV({ l1s, l2: 0.001, cv: folds }).fit(X, y);
    const again = LogisticRegressionCV.fromJSON(JSON.stringify(cv));
    expect(again.l1s).toEqual(cv.l1s);
    expect(again.l1).toBe(cv.l1);
    expect(again.l2).toBe(0.001);
    expect(again.scores).toEqual(cv.scores);
    expect(again.coef).toEqual(cv.coef);
    expect(again.predictProba(X)).toEqual(cv.predictProba(X));
    for (const options of [{ l1s, l2s: [0.1] }, { l1s, l1: 0.1 }, { l1s, solver: "lbfgs" }, { l1s: [] }, { l1s: [0.1, 0.1] }, { l1s: 0 }, { l1s: [-1] }] as const) {
      expect(() => new LogisticRegressionCV(options as never)).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    }
  });

  it("an l2s search keeps a fixed l1 in every candidate (the elastic net along λ₂)", async () => {
    const cv = await new LogisticRegressionCV({ l2s: [0.1, 0.01], l1: 0.01, cv: folds }).fit(X, y);
    expect(cv.l1s).toEqual([0.01, 0.01]);
    expect(cv.options.l1).toBe(0.01);
    expect(cv.solver).toBe("newton-l1");
    expect(certificate(X, y, 0.01, cv.l2, cv.theta).kkt).toBeLessThanOrEqual(1e-8);
  });
});
