// The estimator's contract: labels of any kind, soft targets, sample weights, saving and
// loading, and never touching the caller's arrays.
import { describe, expect, it } from "vitest";
import { LogisticRegression, Predictor, createObjective, VERSION } from "../src/index.js";
import { referenceProblem } from "./helpers/fixtures.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem } from "./helpers/random.js";
import { readFileSync } from "node:fs";

const { X, y } = referenceProblem("iris_std_lambda1e-2.json");

describe("LogisticRegression", () => {
  it("exposes classes, coef (K × d), intercept (K), nIter, converged", async () => {
    const m = await new LogisticRegression().fit(X, y);
    expect(m.classes).toEqual([0, 1, 2]);
    expect(m.coef).toHaveLength(3);
    expect(m.coef[0]).toHaveLength(4);
    expect(m.intercept).toHaveLength(3);
    expect(m.nIter).toBeGreaterThan(0);
    expect(m.converged).toBe(true);
    expect(m.score(X, y)).toBeGreaterThan(0.95);
  });

  it("exposes theta: a copy of all parameters in the class-major layout createObjective uses", async () => {
    const m = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    const theta = m.theta;
    expect(theta).toBeInstanceOf(Float64Array);
    expect(Array.from(theta)).toEqual(m.coef.flatMap((row, k) => [m.intercept[k], ...row]));
    // At the optimum the gradient of the same objective vanishes.
    const objective = createObjective(X, y, { l2: 1e-2 });
    expect(Math.max(...objective.gradient(theta).map(Math.abs))).toBeLessThan(1e-8);
    objective.dispose();
    theta.fill(0);
    expect(m.theta).not.toEqual(theta);
  });

  it("accepts string labels and predicts the caller's own labels; classes are sorted", async () => {
    const names = ["setosa", "versicolor", "virginica"];
    const labels = y.map((k) => names[2 - k]); // reversed order, so sorting matters
    const m = await new LogisticRegression({ l2: 1e-2 }).fit(X, labels);
    expect(m.classes).toEqual(["setosa", "versicolor", "virginica"]);
    const numeric = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(m.predict(X)).toEqual(numeric.predict(X).map((k) => names[2 - (k as number)]));
    // Relabelling permutes the rows of coef.
    expect(relativeError(m.coef.flat(), [2, 1, 0].flatMap((k) => numeric.coef[k]))).toBeLessThan(1e-9);
  });

  it("accepts a flat Float64Array with its shape, and Float32Array", async () => {
    const data = Float64Array.from(X.flat());
    const a = await new LogisticRegression().fit({ data, rows: X.length, cols: 4 }, y);
    const b = await new LogisticRegression().fit(X, y);
    expect(a.coef).toEqual(b.coef);
    expect(a.predictProba({ data, rows: X.length, cols: 4 })).toEqual(b.predictProba(X));
  });

  it("treats one-hot soft targets exactly like labels", async () => {
    const onehot = y.map((k) => [0, 1, 2].map((c) => (c === k ? 1 : 0)));
    const soft = await new LogisticRegression({ l2: 1e-2 }).fit(X, onehot);
    const hard = await new LogisticRegression({ l2: 1e-2 }).fit(X, y);
    expect(relativeError(soft.theta, hard.theta)).toBeLessThan(1e-12);
  });

  it("fits genuinely soft targets to a zero gradient of the soft cross-entropy", async () => {
    const targets = y.map((k, i) => {
      const t = [0.1, 0.1, 0.1];
      t[k] += 0.5 + 0.2 * Math.sin(i);
      const s = t.reduce((a, b) => a + b);
      return t.map((v) => v / s);
    });
    const m = await new LogisticRegression({ l2: 1e-3, tol: 1e-10 }).fit(X, targets);
    expect(m.converged).toBe(true);
    const obj = createObjective(X, targets, { l2: 1e-3 });
    expect(Math.max(...obj.gradient(m.theta).map(Math.abs))).toBeLessThan(1e-10);
    obj.dispose();
    // Without a penalty, a model's own probabilities as targets give that model back.
    const p = m.predictProba(X);
    const refit = await new LogisticRegression({ l2: 0, tol: 1e-12 }).fit(X, p);
    expect(refit.converged).toBe(true);
    expect(relativeError(refit.predictProba(X).flat(), p.flat())).toBeLessThan(1e-9);
    expect(relativeError(refit.theta, m.theta)).toBeLessThan(1e-6);
  });

  it("gives integer sample weights the same optimum as duplicated rows", async () => {
    const { X: Xr, y: yr } = randomProblem(5, 80, 4, 3);
    const weights = yr.map((_, i) => (i * 7) % 4); // 0, 3, 2, 1, … (zero weights drop rows)
    const Xdup: number[][] = [];
    const ydup: number[] = [];
    Xr.forEach((row, i) => {
      for (let r = 0; r < weights[i]; r++) {
        Xdup.push(row);
        ydup.push(yr[i]);
      }
    });
    const weighted = await new LogisticRegression({ l2: 1e-3, tol: 1e-11 }).fit(Xr, yr, { sampleWeight: weights });
    const duplicated = await new LogisticRegression({ l2: 1e-3, tol: 1e-11 }).fit(Xdup, ydup);
    expect(relativeError(weighted.theta, duplicated.theta)).toBeLessThan(1e-9);
  });

  it("round-trips through JSON and predicts bit-identically", async () => {
    const m = await new LogisticRegression({ l2: 1e-3 }).fit(X, y.map(String));
    const text = JSON.stringify(m);
    const restored = LogisticRegression.fromJSON(text);
    expect(restored.predictProba(X)).toEqual(m.predictProba(X));
    expect(restored.predict(X)).toEqual(m.predict(X));
    expect(restored.classes).toEqual(["0", "1", "2"]);
    expect(restored.nIter).toBe(m.nIter);
    expect(restored.converged).toBe(m.converged);
    expect(LogisticRegression.fromJSON(JSON.parse(text)).coef).toEqual(m.coef);
    // The predict-only loader reads the same format.
    expect(Predictor.fromJSON(text).predictProba(X)).toEqual(m.predictProba(X));
    const json = JSON.parse(text);
    expect(json.libraryVersion).toBe(VERSION);
    expect(json.formatVersion).toBe(1);
  });

  it("reports as model.solver only names the solver option accepts, and keeps it through JSON", async () => {
    for (const solver of ["auto", "newton", "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd"] as const) {
      const m = await new LogisticRegression({ solver, maxIter: 5 }).fit(X, y);
      expect(m.solver).toMatch(/^(newton-cholesky|newton-cg|lbfgs|gd|sgd)$/);
      if (solver !== "auto" && solver !== "newton") expect(m.solver).toBe(solver);
      const again = await new LogisticRegression({ solver: m.solver, maxIter: 5 }).fit(X, y);
      expect(again.solver).toBe(m.solver);
      expect(LogisticRegression.fromJSON(JSON.stringify(m)).solver).toBe(m.solver);
    }
    // A saved model that does not say how it was fitted reports no solver.
    const { training, ...bare } = JSON.parse(JSON.stringify(await new LogisticRegression().fit(X, y)));
    expect(training.solver).toBe("newton-cholesky");
    expect(LogisticRegression.fromJSON(bare).solver).toBeUndefined();
  });

  it("never mutates the caller's arrays", async () => {
    const Xc = X.map((r) => [...r]);
    const yc = [...y];
    const w = y.map((_, i) => 1 + (i % 3));
    const wc = [...w];
    const flat = Float64Array.from(X.flat());
    const flatCopy = Float64Array.from(flat);
    const m = await new LogisticRegression().fit(Xc, yc, { sampleWeight: w });
    m.predictProba(Xc);
    await new LogisticRegression().fit({ data: flat, rows: X.length, cols: 4 }, yc);
    expect(Xc).toEqual(X);
    expect(yc).toEqual(y);
    expect(w).toEqual(wc);
    expect(flat).toEqual(flatCopy);
  });

  it("fits without an intercept when fitIntercept is false", async () => {
    const m = await new LogisticRegression({ fitIntercept: false, l2: 1e-2, tol: 1e-10 }).fit(X, y);
    expect(m.intercept).toEqual([0, 0, 0]);
    expect(m.converged).toBe(true);
    const restored = LogisticRegression.fromJSON(JSON.stringify(m));
    expect(restored.predictProba(X)).toEqual(m.predictProba(X));
  });

  it("keeps VERSION equal to package.json's", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });

  it("predicts the same with both backends", async () => {
    const a = await new LogisticRegression({ backend: "wasm" }).fit(X, y);
    const b = await new LogisticRegression({ backend: "js" }).fit(X, y);
    expect(relativeError(a.predictProba(X).flat(), b.predictProba(X).flat())).toBeLessThan(1e-10);
  });
});
