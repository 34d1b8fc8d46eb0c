// LogisticRegressionCV against the per-fold, per-λ optima of test/fixtures/workflow/cv_*.json
// (explicit StratifiedKFold test folds, λ = logspace(-5, 0, 10), exact held-out log-loss and accuracy).
import { describe, expect, it } from "vitest";
import { LogisticRegression, LogisticRegressionCV } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { loadCsv, standardize, workflowFixture } from "../helpers/workflow-fixtures.js";

interface CvFixture {
  dataset: string;
  standardization: { mean: number[]; std_ddof0: number[]; std_used: number[] };
  sample_weight: number[] | null;
  test_folds: number[][];
  lambdas: number[];
  per_fold: {
    fits: { lambda: number; coef: number[][]; intercept: number[]; heldout: { log_loss: number; accuracy: number } }[];
    sklearn_LogisticRegressionCV: { scores_neg_log_loss: number[] };
  }[];
  mean_heldout_log_loss: number[];
  mean_heldout_accuracy: number[];
  best_index_by_log_loss: number;
  accuracy_tied_indices: number[];
}

const cases = ["cv_iris_std.json", "cv_wine_std.json", "cv_iris_std_weighted.json"].map((file) => {
  const f = workflowFixture<CvFixture>(file);
  const { X, y } = loadCsv(f.dataset);
  return { file, f, X: standardize(X, f.standardization), y };
});

describe("LogisticRegressionCV reproduces the per-fold, per-λ held-out scores", () => {
  for (const { file, f, X, y } of cases) {
    const sampleWeight = f.sample_weight ? { sampleWeight: f.sample_weight } : {};
    it(`${file}: log-loss per fold and λ, their means and the chosen λ`, async () => {
      const cv = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, tol: 1e-14 }).fit(X, y, sampleWeight);
      expect(cv.l2s).toEqual(f.lambdas);
      expect(cv.testFolds).toEqual(f.test_folds.map((fold) => [...fold].sort((a, b) => a - b)));
      for (let k = 0; k < f.test_folds.length; k++) {
        for (let i = 0; i < f.lambdas.length; i++) {
          expect(Math.abs(cv.scores[k][i] - f.per_fold[k].fits[i].heldout.log_loss), `fold ${k}, λ ${f.lambdas[i]}`).toBeLessThan(1e-10);
        }
      }
      expect(relativeError(cv.meanScores, f.mean_heldout_log_loss, 0)).toBeLessThan(1e-9);
      expect(cv.bestIndex).toBe(f.best_index_by_log_loss);
      expect(cv.l2).toBe(f.lambdas[f.best_index_by_log_loss]);
      // After fit it is the LogisticRegression refitted on every row at that λ.
      const direct = await new LogisticRegression({ l2: cv.l2, tol: 1e-12 }).fit(X, y, sampleWeight);
      expect(relativeError(cv.theta, direct.theta)).toBeLessThan(1e-9);
      expect(cv.options.l2).toBe(cv.l2);
      expect(cv.predict(X)).toEqual(direct.predict(X));
      expect(cv).toBeInstanceOf(LogisticRegression);
    });

    it(`${file}: accuracy per fold and λ, exactly`, async () => {
      const cv = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, scoring: "accuracy", tol: 1e-12, refit: false }).fit(X, y, sampleWeight);
      for (let k = 0; k < f.test_folds.length; k++) {
        for (let i = 0; i < f.lambdas.length; i++) expect(cv.scores[k][i], `fold ${k}, λ ${f.lambdas[i]}`).toBeCloseTo(f.per_fold[k].fits[i].heldout.accuracy, 14);
      }
      expect(f.accuracy_tied_indices).toContain(cv.bestIndex);
      // Ties go to the largest λ among the tied, as scikit-learn's first best C.
      expect(cv.bestIndex).toBe(Math.max(...f.accuracy_tied_indices));
      // refit false: the model is the mean of the folds' optima at that λ.
      const mean = f.per_fold
        .map((p) => p.fits[cv.bestIndex])
        .reduce((acc, fit) => acc.map((v, j) => v + fit.coef.flatMap((row, k) => [fit.intercept[k], ...row])[j] / f.per_fold.length), new Array(cv.theta.length).fill(0));
      expect(relativeError(cv.theta, mean)).toBeLessThan(1e-8);
    });
  }

  it("with the default tolerance the scores are closer to the exact ones than scikit-learn's LogisticRegressionCV (tol 1e-12) are", async () => {
    const { f, X, y } = cases[1];
    const exact = f.per_fold.flatMap((p) => p.fits.map((fit) => fit.heldout.log_loss));
    const sklearn = f.per_fold.flatMap((p) => p.sklearn_LogisticRegressionCV.scores_neg_log_loss.map((v) => -v));
    const sklearnError = Math.max(...sklearn.map((v, i) => Math.abs(v - exact[i])));
    for (const solver of ["auto", "newton-cholesky", "lbfgs"] as const) {
      const cv = await new LogisticRegressionCV({ l2s: f.lambdas, cv: f.test_folds, solver }).fit(X, y);
      const ours = Math.max(...cv.scores.flat().map((v, i) => Math.abs(v - exact[i])));
      expect(ours, solver).toBeLessThan(sklearnError);
      // L-BFGS (Moré–Thuente, 10 pairs, issue 10) ends at 2.15e-5 at λ = 1e-5, scikit-learn at 2.2e-5.
      expect(ours, solver).toBeLessThan(2.5e-5);
    }
  });
});

describe("LogisticRegressionCV options, folds and errors", () => {
  const { X, y } = cases[0];

  it("default: 5 stratified seeded folds, 10 λ log-spaced around 1/N, chosen by log-loss", async () => {
    const cv = await new LogisticRegressionCV().fit(X, y);
    expect(cv.l2s).toHaveLength(10);
    expect(cv.l2s[0]).toBeCloseTo(1e-4 / 150, 18);
    expect(cv.l2s[9]).toBeCloseTo(1e4 / 150, 12);
    expect(cv.scores).toHaveLength(5);
    const folds = cv.testFolds;
    expect(folds.flat().sort((a, b) => a - b)).toEqual(X.map((_, i) => i));
    // Stratified: each fold has 10 rows of each of iris's 3 classes.
    for (const fold of folds) for (const k of [0, 1, 2]) expect(fold.filter((i) => y[i] === k)).toHaveLength(10);
    // Seeded: the same seed gives the same folds, another seed other folds.
    expect((await new LogisticRegressionCV().fit(X, y)).testFolds).toEqual(folds);
    expect((await new LogisticRegressionCV({ seed: 1 }).fit(X, y)).testFolds).not.toEqual(folds);
    expect(cv.meanScores[cv.bestIndex]).toBe(Math.min(...cv.meanScores));
  });

  it("a class absent from a training fold names the fold and the class", async () => {
    const labels = y.map((k) => ["a", "b", "c"][k]);
    labels[7] = "rare";
    await expect(new LogisticRegressionCV({ cv: 3, l2s: 2 }).fit(X, labels)).rejects.toMatchObject({ code: "INVALID_Y", message: /fold \d: class "rare" has no training rows/ });
    const folds = [[0, 1, 2], X.map((_, i) => i).filter((i) => y[i] === 2)];
    await expect(new LogisticRegressionCV({ cv: folds, l2s: 2 }).fit(X, y)).rejects.toMatchObject({ code: "INVALID_Y", message: /fold 1: class 2 has no training rows/ });
  });

  it("bad options are INVALID_OPTION, with suggestions", () => {
    expect(() => new LogisticRegressionCV({ l2: 1 } as never)).toThrow(/chooses l2 itself/);
    expect(() => new LogisticRegressionCV({ l2z: 3 } as never)).toThrow(/did you mean "l2s"/);
    expect(() => new LogisticRegressionCV({ cv: 1 })).toThrow(/number of folds ≥ 2/);
    expect(() => new LogisticRegressionCV({ cv: [[0, 1], [2, 2]] })).toThrow(/cv\[1\] lists row 2 twice/);
    expect(() => new LogisticRegressionCV({ cv: [[0, -1]] })).toThrow(/cv\[0\]\[1\] is -1/);
    expect(() => new LogisticRegressionCV({ l2s: [1, -1] })).toThrow(/l2s\[1\] must be a finite number ≥ 0/);
    expect(() => new LogisticRegressionCV({ l2s: [1, 1] })).toThrow(/duplicate/);
    expect(() => new LogisticRegressionCV({ l2s: 0 })).toThrow(/count ≥ 1/);
    expect(() => new LogisticRegressionCV({ scoring: "auc" as never })).toThrow(/"logLoss" or "accuracy"/);
    expect(() => new LogisticRegressionCV({ refit: 1 as never })).toThrow(/refit must be true or false/);
    expect(() => new LogisticRegressionCV({ maxIters: 3 } as never)).toThrow(/did you mean "maxIter"/);
  });

  it("fit-time errors: too many folds, fold indices out of range, onIteration", async () => {
    await expect(new LogisticRegressionCV({ cv: 151 }).fit(X, y)).rejects.toMatchObject({ code: "INVALID_OPTION", message: /151 folds but there are only 150 rows/ });
    await expect(new LogisticRegressionCV({ cv: [[0, 150]] }).fit(X, y)).rejects.toMatchObject({ code: "INVALID_OPTION", message: /cv\[0\]\[1\] is 150, not a row index in \[0, 150\)/ });
    await expect(new LogisticRegressionCV().fit(X, y, { onIteration: () => {} } as never)).rejects.toMatchObject({ code: "INVALID_OPTION" });
  });

  it("standardize inside the folds: each fold's statistics from its own training rows", async () => {
    const raw = loadCsv("wine");
    const folds = cases[1].f.test_folds;
    const cv = await new LogisticRegressionCV({ l2s: [1e-2, 1e-3], cv: folds, standardize: true, tol: 1e-12 }).fit(raw.X, raw.y);
    // The same by hand: a standardising fit on each fold's training rows, scored on its held-out rows.
    for (let k = 0; k < folds.length; k++) {
      const test = new Set(folds[k]);
      const train = raw.X.map((_, i) => i).filter((i) => !test.has(i));
      const model = await new LogisticRegression({ l2: 1e-3, standardize: true, tol: 1e-12 }).fit(train.map((i) => raw.X[i]), train.map((i) => raw.y[i]));
      const p = model.predictProba(folds[k].map((i) => raw.X[i]));
      const logLoss = -folds[k].reduce((a, i, r) => a + Math.log(p[r][raw.y[i]]), 0) / folds[k].length;
      expect(Math.abs(cv.scores[k][1] - logLoss)).toBeLessThan(1e-10);
    }
    expect(cv.standardization).toBeDefined();
  });

  it("saves its results; LogisticRegression.fromJSON loads it as a plain model, LogisticRegressionCV.fromJSON with them", async () => {
    const cv = await new LogisticRegressionCV({ l2s: 3, cv: 3 }).fit(X, y);
    const text = JSON.stringify(cv);
    const plain = LogisticRegression.fromJSON(text);
    expect(plain.predictProba(X)).toEqual(cv.predictProba(X));
    expect(plain.options.l2).toBe(cv.l2);
    const again = LogisticRegressionCV.fromJSON(text);
    expect(again).toBeInstanceOf(LogisticRegressionCV);
    expect(again.scores).toEqual(cv.scores);
    expect(again.l2s).toEqual(cv.l2s);
    expect(again.bestIndex).toBe(cv.bestIndex);
    expect(again.testFolds).toEqual(cv.testFolds);
    expect(again.cvOptions).toEqual(cv.cvOptions);
    expect(JSON.stringify(again)).toBe(text);
    const json = JSON.parse(text);
    for (const [what, change] of [
      ["bestIndex out of range", (c: Record<string, unknown>) => (c.bestIndex = 7)],
      ["scores of the wrong width", (c: Record<string, unknown>) => (c.scores = [[1, 2]])],
      ["string λ", (c: Record<string, unknown>) => (c.l2s = ["a", 1, 2])],
      ["unknown scoring", (c: Record<string, unknown>) => (c.scoring = "auc")],
      ["folds missing", (c: Record<string, unknown>) => delete c.testFolds],
    ] as const) {
      const copy = structuredClone(json);
      change(copy.training.cv);
      expect(() => LogisticRegressionCV.fromJSON(copy), what).toThrow(expect.objectContaining({ code: "INVALID_MODEL" }));
    }
    expect(() => LogisticRegressionCV.fromJSON(JSON.stringify(plain))).toThrow(/not a LogisticRegressionCV model/);
  });

  it("before fit: NOT_FITTED; an aborted search leaves an earlier fit as it was", async () => {
    const cv = new LogisticRegressionCV({ l2s: 3, cv: 3 });
    expect(() => cv.scores).toThrow(expect.objectContaining({ code: "NOT_FITTED" }));
    await cv.fit(X, y);
    const before = JSON.stringify(cv);
    const controller = new AbortController();
    controller.abort("stop");
    await expect(cv.fit(X, y, { signal: controller.signal })).rejects.toMatchObject({ code: "ABORTED" });
    expect(JSON.stringify(cv)).toBe(before);
  });

  it("fitSync gives the same search", async () => {
    const a = await new LogisticRegressionCV({ l2s: 4, cv: 3 }).fit(X, y);
    const b = new LogisticRegressionCV({ l2s: 4, cv: 3 }).fitSync(X, y);
    expect(b.scores).toEqual(a.scores);
    expect(b.theta).toEqual(a.theta);
  });

  it("classWeight balanced comes from all rows, as in scikit-learn", async () => {
    const subset = X.map((_, i) => i).filter((i) => i < 50 || (i >= 50 && i < 80) || (i >= 100 && i < 115));
    const Xs = subset.map((i) => X[i]);
    const ys = subset.map((i) => y[i]);
    const cv = await new LogisticRegressionCV({ l2s: [1e-2], cv: 3, classWeight: "balanced", tol: 1e-12 }).fit(Xs, ys);
    expect(cv.classWeights).toEqual([95 / 150, 95 / 90, 95 / 45]);
  });
});
