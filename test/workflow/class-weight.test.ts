// classWeight against scikit-learn's class-weighted optima (test/fixtures/workflow/class_weight_*.json):
// row weights sampleWeight·classWeight(y), "balanced" = n/(K·n_k) from unweighted counts, C = 1/(λ·Σw_eff).
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../../src/index.js";
import { relativeError } from "../helpers/compare.js";
import { loadCsv, standardize, thetaOf, workflowFixture, type WorkflowOptimum } from "../helpers/workflow-fixtures.js";

interface Case extends WorkflowOptimum {
  name: string;
  class_weight: "balanced" | Record<string, number>;
  class_weight_per_class: number[];
  sample_weight: number[] | null;
  effective_weight_sum: number;
}

interface Wine {
  standardization: { mean: number[]; std_ddof0: number[]; std_used: number[] };
  cases: Case[];
}
interface Iris {
  full: { cases: Case[] };
  subset: { rows: number[]; cases: Case[] };
}

const wine = workflowFixture<Wine>("class_weight_wine_std.json");
const iris = workflowFixture<Iris>("class_weight_iris_raw.json");
const wineData = loadCsv("wine");
const irisData = loadCsv("iris");

const problems = [
  ...wine.cases.map((c) => ({ set: "wine (standardised)", c, X: standardize(wineData.X, wine.standardization), y: wineData.y })),
  ...iris.full.cases.map((c) => ({ set: "iris raw", c, X: irisData.X, y: irisData.y })),
  ...iris.subset.cases.map((c) => ({
    set: "iris raw 50/30/15",
    c,
    X: iris.subset.rows.map((i) => irisData.X[i]),
    y: iris.subset.rows.map((i) => irisData.y[i]),
  })),
];

describe("classWeight reproduces scikit-learn's class-weighted optima", () => {
  for (const { set, c, X, y } of problems) {
    it(`${set}: ${c.name}`, async () => {
      const model = await new LogisticRegression({ l2: c.lambda, tol: 1e-12, classWeight: c.class_weight }).fit(X, y, {
        ...(c.sample_weight ? { sampleWeight: c.sample_weight } : {}),
      });
      expect(model.converged).toBe(true);
      expect(relativeError(model.classWeights!, c.class_weight_per_class, 0)).toBeLessThan(1e-15);
      expect(relativeError(model.theta, thetaOf(c))).toBeLessThan(1e-7);
      // The same objective, written as sample weights w·cw(y): its value at our optimum is the reference's.
      const effective = y.map((label, i) => (c.sample_weight?.[i] ?? 1) * c.class_weight_per_class[label]);
      expect(effective.reduce((a, b) => a + b)).toBeCloseTo(c.effective_weight_sum, 9);
      const objective = createObjective(X, y, { l2: c.lambda, sampleWeight: effective });
      expect(Math.abs(objective.value(model.theta) - c.objective) / c.objective).toBeLessThan(1e-12);
      objective.dispose();
    });
  }

  it("every solver reaches the same class-weighted optimum (wine, balanced + sample weights, λ = 1e-2)", async () => {
    const { c, X, y } = problems[2];
    for (const solver of ["newton-cholesky", "newton-cg", "lbfgs"] as const) {
      const model = await new LogisticRegression({ solver, l2: c.lambda, tol: 1e-10, classWeight: "balanced" }).fit(X, y, { sampleWeight: c.sample_weight! });
      expect(relativeError(model.theta, thetaOf(c)), solver).toBeLessThan(1e-7);
    }
  });

  it("classWeight: a label that is not a class, soft targets and negative weights are errors", async () => {
    const { X, y } = problems[0];
    await expect(new LogisticRegression({ classWeight: { 0: 1, 7: 2 } }).fit(X, y)).rejects.toMatchObject({ code: "INVALID_OPTION", message: /label "7", which is not a class/ });
    const soft = y.map((k) => [0, 1, 2].map((c) => (c === k ? 1 : 0)));
    await expect(new LogisticRegression({ classWeight: "balanced" }).fit(X, soft)).rejects.toMatchObject({ code: "INVALID_OPTION", message: /soft targets/ });
    expect(() => new LogisticRegression({ classWeight: { 0: -1 } })).toThrow(/label "0" must be a finite number ≥ 0/);
    expect(() => new LogisticRegression({ classWeight: "balance" as "balanced" })).toThrow(/"balanced" or an object/);
    await expect(new LogisticRegression({ classWeight: { 0: 0, 1: 0, 2: 0 } }).fit(X, y)).rejects.toMatchObject({ code: "INVALID_WEIGHTS" });
  });

  it("never keeps the caller's classWeight object, and saves the weights in the JSON", async () => {
    const { X, y } = problems[1];
    const weights: Record<string, number> = { 0: 1, 1: 2.5, 2: 0.5 };
    const model = new LogisticRegression({ l2: 1e-2, classWeight: weights });
    weights[1] = 100;
    await model.fit(X, y);
    expect(model.classWeights).toEqual([1, 2.5, 0.5]);
    const json = JSON.parse(JSON.stringify(model));
    expect(json.training.options.classWeight).toEqual({ 0: 1, 1: 2.5, 2: 0.5 });
    expect(json.training.classWeights).toEqual([1, 2.5, 0.5]);
    const again = LogisticRegression.fromJSON(json);
    expect(again.classWeights).toEqual([1, 2.5, 0.5]);
    expect(again.options.classWeight).toEqual({ 0: 1, 1: 2.5, 2: 0.5 });
    // Refitting the loaded model gives the same optimum: the option came back.
    expect(relativeError((await again.fit(X, y)).theta, model.theta)).toBeLessThan(1e-12);
  });
});
