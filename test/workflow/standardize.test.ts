// standardize: true against scikit-learn's make_pipeline(StandardScaler(), LogisticRegression())
// fitted on raw data (test/fixtures/workflow/pipeline_*_raw.json): the scaler's statistics, the
// optimum in original units and the pipeline's predict_proba on raw rows.
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { loadCsv, thetaOf, workflowFixture, type WorkflowOptimum } from "../helpers/workflow-fixtures.js";

interface PipelineCase {
  lambda: number;
  sample_weight: number[] | null;
  scaler: { mean_: number[]; scale_: number[]; constant_columns: number[] };
  standardized_space: WorkflowOptimum;
  original_units: { coef: number[][]; intercept: number[] };
  X_predict_raw: number[][];
  sklearn_pipeline_predict_proba: number[][];
  sklearn_pipeline_predict: number[];
  polished_predict_proba: number[][];
  polished_vs_sklearn_pipeline_proba_max_abs_diff: number;
}

const sets = ["wine", "breast_cancer", "digits"] as const;
const cases = sets.flatMap((set) => {
  const data = loadCsv(set);
  return workflowFixture<{ cases: PipelineCase[] }>(`pipeline_${set}_raw.json`).cases.map((c) => ({ set, c, ...data }));
});
const maxAbsDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, k) => Math.abs(v - b[i][k]))));

describe("standardize: true is scikit-learn's StandardScaler + LogisticRegression pipeline", () => {
  for (const { set, c, X, y } of cases) {
    const label = `${set} raw, λ = ${c.lambda}${c.sample_weight ? ", sample weights" : ""}`;
    it(label, async () => {
      const model = await new LogisticRegression({ l2: c.lambda, tol: 1e-12, standardize: true }).fit(X, y, {
        ...(c.sample_weight ? { sampleWeight: c.sample_weight } : {}),
      });
      expect(model.converged).toBe(true);
      // The scaler's statistics (weighted mean, population std; constant columns scale 1).
      const { center, scale } = model.standardization!;
      expect(relativeError(center, c.scaler.mean_, 0)).toBeLessThan(1e-13);
      expect(relativeError(scale, c.scaler.scale_, 0)).toBeLessThan(1e-13);
      for (const j of c.scaler.constant_columns) expect(scale[j]).toBe(1);
      // coef/intercept in original units.
      expect(relativeError(model.theta, thetaOf(c.original_units))).toBeLessThan(1e-7);
      // Predictions on raw rows need no scaler.
      expect(maxAbsDiff(model.predictProba(c.X_predict_raw), c.polished_predict_proba)).toBeLessThan(1e-9);
      expect(maxAbsDiff(model.predictProba(c.X_predict_raw), c.sklearn_pipeline_predict_proba)).toBeLessThan(
        c.polished_vs_sklearn_pipeline_proba_max_abs_diff + 1e-9,
      );
      expect(model.predict(c.X_predict_raw)).toEqual(c.sklearn_pipeline_predict);
      // The optimum in standardised units has a zero gradient of the plain objective on the scaled data.
      const Xs = X.map((row) => row.map((v, j) => (v - center[j]) / scale[j]));
      const objective = createObjective(Xs, y, { l2: c.lambda, ...(c.sample_weight ? { sampleWeight: c.sample_weight } : {}) });
      const standardised = thetaOf(c.standardized_space);
      expect(Math.abs(objective.value(standardised) - c.standardized_space.objective)).toBeLessThan(1e-12);
      objective.dispose();
    });
  }

  it("Newton-CG, L-BFGS, GD and SGD reach the same optimum on standardised wine", async () => {
    const { c, X, y } = cases[0];
    const expected = thetaOf(c.original_units);
    for (const [solver, tol, within] of [["newton-cg", 1e-11, 1e-7], ["lbfgs", 1e-11, 1e-7], ["gd", 1e-7, 1e-4], ["sgd", 1e-4, 5e-2]] as const) {
      const model = await new LogisticRegression({ solver, l2: c.lambda, tol, standardize: true, maxIter: solver === "sgd" ? 400 : undefined }).fit(X, y);
      expect(relativeError(model.theta, expected), solver).toBeLessThan(within);
      expect(model.warnings.join(" "), solver).not.toMatch(/badly scaled/);
    }
  });

  it("saves the statistics in the JSON and predicts bit-identically after loading", async () => {
    const { c, X, y } = cases[2];
    const model = await new LogisticRegression({ l2: c.lambda, standardize: true }).fit(X, y, { sampleWeight: c.sample_weight! });
    const json = JSON.parse(JSON.stringify(model));
    expect(json.training.standardization.center).toEqual(model.standardization!.center);
    expect(json.training.standardization.scale).toEqual(model.standardization!.scale);
    const again = LogisticRegression.fromJSON(json);
    expect(again.standardization).toEqual(model.standardization);
    expect(again.options.standardize).toBe(true);
    expect(again.predictProba(c.X_predict_raw)).toEqual(model.predictProba(c.X_predict_raw));
  });

  it("is unchanged by a large offset on a feature (|μ|/σ = 10⁴), apart from the intercept that absorbs it", async () => {
    const { c, X, y } = cases[0];
    const shift = 1e4 * c.scaler.scale_[0];
    const shifted = X.map((row) => row.map((v, j) => (j === 0 ? v + shift : v)));
    const base = await new LogisticRegression({ l2: c.lambda, tol: 1e-12, standardize: true }).fit(X, y);
    const model = await new LogisticRegression({ l2: c.lambda, tol: 1e-12, standardize: true }).fit(shifted, y);
    expect(relativeError(model.coef.flat(), base.coef.flat())).toBeLessThan(1e-9);
    const expectedIntercept = base.intercept.map((b, k) => b - base.coef[k][0] * shift);
    expect(relativeError(model.intercept, expectedIntercept)).toBeLessThan(1e-9);
  });

  it("without an intercept it scales but does not centre (scikit-learn's with_mean=False)", async () => {
    const { X, y } = cases[0];
    const model = await new LogisticRegression({ l2: 1e-2, tol: 1e-12, standardize: true, fitIntercept: false }).fit(X, y);
    const { center, scale } = model.standardization!;
    expect(center.every((v) => v === 0)).toBe(true);
    expect(model.intercept.every((v) => v === 0)).toBe(true);
    // The same fit by hand: scaled features, no intercept, then the weights back to original units.
    const manual = await new LogisticRegression({ l2: 1e-2, tol: 1e-12, fitIntercept: false }).fit(X.map((r) => r.map((v, j) => v / scale[j])), y);
    expect(relativeError(model.coef.flat(), manual.coef.flatMap((row) => row.map((w, j) => w / scale[j])))).toBeLessThan(1e-9);
  });

  it("computes the statistics from the rows that count: zero-weight rows change nothing", async () => {
    const { c, X, y } = cases[0];
    const junk = X.slice(0, 5).map((row) => row.map((v) => v * 1000 + 7));
    const model = await new LogisticRegression({ l2: c.lambda, tol: 1e-12, standardize: true }).fit([...X, ...junk], [...y, 0, 1, 2, 0, 1], {
      sampleWeight: [...X.map(() => 1), 0, 0, 0, 0, 0],
    });
    expect(relativeError(model.standardization!.center, c.scaler.mean_, 0)).toBeLessThan(1e-13);
    expect(relativeError(model.theta, thetaOf(c.original_units))).toBeLessThan(1e-7);
  });
});

describe("badly scaled features warn for first-order solvers", () => {
  // Penguin-like raw features: bill length (mm), bill depth (mm), flipper (mm), body mass (g).
  const penguins = (() => {
    const X: number[][] = [];
    const y: number[] = [];
    const species = [
      [38.8, 18.3, 190, 3700],
      [48.8, 18.4, 196, 3730],
      [47.5, 15.0, 217, 5076],
    ];
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    for (let i = 0; i < 150; i++) {
      const k = i % 3;
      X.push(species[k].map((m, j) => m * (1 + 0.06 * noise()) + (j === 3 ? 150 * noise() : 0)));
      y.push(k);
    }
    return { X, y };
  })();

  it("gd and sgd on raw penguin-like features warn and name the spread; newton does not", async () => {
    for (const solver of ["gd", "sgd"] as const) {
      const model = await new LogisticRegression({ solver, maxIter: 20 }).fit(penguins.X, penguins.y);
      expect(model.warnings.join(" "), solver).toMatch(/badly scaled features for (gd|sgd).*feature 3.*standardised coordinates.*standardize: true/);
    }
    const newton = await new LogisticRegression({ solver: "newton" }).fit(penguins.X, penguins.y);
    expect(newton.warnings.join(" ")).not.toMatch(/badly scaled/);
  });

  it("there they run preconditioned: the plain fit's optimum, reached (gd) or nearly (sgd), and classified well", async () => {
    const optimum = await new LogisticRegression({ solver: "newton", tol: 1e-12 }).fit(penguins.X, penguins.y);
    const objective = createObjective(penguins.X, penguins.y, { l2: 1e-4 });
    const best = objective.value(optimum.theta);
    for (const [solver, gap] of [["gd", 1e-6], ["sgd", 1e-2]] as const) {
      const model = await new LogisticRegression({ solver }).fit(penguins.X, penguins.y);
      expect(objective.value(model.theta) - best, solver).toBeLessThan(gap);
      expect(model.score(penguins.X, penguins.y), solver).toBeGreaterThan(0.95);
      // tol still means max |∇f| in the model's own (original) coordinates.
      if (model.converged) expect(Math.max(...objective.gradient(model.theta).map(Math.abs))).toBeLessThanOrEqual(model.options.tol * 1.0001);
    }
    // Unlike standardize, which changes the penalty's scale and so the optimum.
    const standardized = await new LogisticRegression({ solver: "newton", standardize: true, tol: 1e-12 }).fit(penguins.X, penguins.y);
    expect(objective.value(standardized.theta) - best).toBeGreaterThan(1e-6);
    objective.dispose();
  });

  it("with standardize SGD classifies well and gives no warning", async () => {
    const model = await new LogisticRegression({ solver: "sgd", standardize: true }).fit(penguins.X, penguins.y);
    expect(model.warnings.join(" ")).not.toMatch(/badly scaled/);
    expect(model.score(penguins.X, penguins.y)).toBeGreaterThan(0.9);
  });

  it("well scaled data (iris raw) give no warning", async () => {
    const { X, y } = loadCsv("iris");
    const model = await new LogisticRegression({ solver: "gd", maxIter: 10 }).fit(X, y);
    expect(model.warnings.join(" ")).not.toMatch(/badly scaled/);
  });
});
