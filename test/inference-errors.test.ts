// When inference refuses, and what it says: penalised fits, separable and quasi-separable data
// (no MLE), collinear features (named), models too large or without statistics, bad options,
// and saved statistics that were damaged.
import { describe, expect, it } from "vitest";
import { LogisticRegression, SoftmaxRegressionError } from "../src/index.js";
import { loadCsv, loadJson } from "./helpers/fixtures.js";
import { randomProblem } from "./helpers/random.js";

const { X, y } = loadCsv("anes96");
const MLE = { l2: 0, solver: "newton", tol: 1e-10 } as const;
const degenerate = loadJson<{ separable: { binary: { x: number[]; y: number[] }; three_class: { x: number[]; y: number[] } } }>(
  "inference/degenerate_designs.json",
);

function thrown(f: () => unknown): SoftmaxRegressionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftmaxRegressionError);
    return e as SoftmaxRegressionError;
  }
  throw new Error("expected a SoftmaxRegressionError, nothing was thrown");
}

const fitted = await new LogisticRegression(MLE).fit(X, y);

describe("refusals", () => {
  it("NOT_FITTED before fit", () => {
    expect(thrown(() => new LogisticRegression(MLE).inference()).code).toBe("NOT_FITTED");
    expect(thrown(() => new LogisticRegression(MLE).summary()).code).toBe("NOT_FITTED");
  });

  it("PENALIZED_FIT for l2 > 0, saying why and how to refit", async () => {
    const model = await new LogisticRegression({ l2: 1e-4 }).fit(X, y);
    const e = thrown(() => model.inference());
    expect(e.code).toBe("PENALIZED_FIT");
    expect(e.message).toMatch(/l2 = 0\.0001/);
    expect(e.message).toMatch(/\{ l2: 0 \}/);
    expect(thrown(() => model.summary()).code).toBe("PENALIZED_FIT");
    // The model itself is untouched.
    expect(model.predict([X[0]])).toHaveLength(1);
  });

  it("INVALID_OPTION naming the option: unknown name, reference class, covariance, level", () => {
    const cases: [unknown, RegExp][] = [
      [{ reference: 1 }, /unknown inference option "reference"/],
      [{ referenceClass: 7 }, /referenceClass 7 is not one of the model's classes/],
      [{ referenceClass: "0" }, /referenceClass "0"/],
      [{ covariance: "HC0" }, /covariance must be "classical" or "robust"/],
      [{ level: 95 }, /level must be a number strictly between 0 and 1/],
      [{ level: 1 }, /level/],
      [{ level: 0 }, /level/],
      [{ level: NaN }, /level/],
      [{ level: "0.95" }, /level/],
      [null, /inference options must be an object/],
      [[], /inference options must be an object/],
    ];
    for (const [options, message] of cases) {
      const e = thrown(() => fitted.inference(options as never));
      expect(e.code).toBe("INVALID_OPTION");
      expect(e.message).toMatch(message);
    }
  });

  it("TOO_LARGE beyond 500 parameters K(d+1), stating the limit", async () => {
    const { X: Xw, y: yw } = randomProblem(5, 300, 100, 10);
    const model = await new LogisticRegression({ l2: 0, solver: "lbfgs", maxIter: 2 }).fit(Xw, yw);
    const e = thrown(() => model.inference());
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/up to 500 parameters/);
    expect(e.message).toMatch(/10·101 = 1010/);
    expect(model.toJSON().statistics).toBeUndefined();
  });

  it("NO_INFERENCE_DATA for a saved unpenalised model without its statistics", () => {
    const json = fitted.toJSON();
    delete json.statistics;
    expect(thrown(() => LogisticRegression.fromJSON(json).inference()).code).toBe("NO_INFERENCE_DATA");
  });

  it("NO_INFERENCE_DATA for an unpenalised fit on CSR X, saying so", () => {
    // The first 200 rows of anes96 as CSR (zeros left out): the same data, but the fit keeps no statistics.
    const rows = X.slice(0, 200);
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    for (const row of rows) {
      row.forEach((v, j) => {
        if (v !== 0) {
          indices.push(j);
          data.push(v);
        }
      });
      indptr.push(indices.length);
    }
    const csr = { indptr, indices, data, rows: rows.length, cols: rows[0].length };
    const model = new LogisticRegression(MLE).fitSync(csr, y.slice(0, 200));
    const e = thrown(() => model.inference());
    expect(e.code).toBe("NO_INFERENCE_DATA");
    expect(e.message).toMatch(/CSR/);
  });
});

describe("no maximum-likelihood estimate: SEPARABLE", () => {
  it("statsmodels' separable toys (Logit raises PerfectSeparationError; MNLogit returns bse 1.35e6 or NaN)", async () => {
    for (const { x, y: labels } of [degenerate.separable.binary, degenerate.separable.three_class]) {
      const model = await new LogisticRegression(MLE).fit(x.map((v) => [v]), labels);
      const e = thrown(() => model.inference());
      expect(e.code).toBe("SEPARABLE");
      expect(e.message).toMatch(/maximum-likelihood estimate does not exist/);
      expect(thrown(() => model.summary()).code).toBe("SEPARABLE");
    }
  });

  it("a real separable data set (iris: setosa is linearly separable from the rest)", async () => {
    const iris = loadCsv("iris");
    const model = await new LogisticRegression(MLE).fit(iris.X, iris.y);
    expect(thrown(() => model.inference()).code).toBe("SEPARABLE");
  });

  it("quasi-complete separation, where the fit looks converged: an overlap at one point", async () => {
    const model = await new LogisticRegression(MLE).fit([[-2], [-1], [0], [0], [1], [2]], [0, 0, 0, 1, 1, 1]);
    expect(model.converged).toBe(true);
    expect(thrown(() => model.inference()).code).toBe("SEPARABLE");
  });

  it("quasi-complete separation: a dummy that is 1 only for some rows of one class (K = 2 and K = 3)", async () => {
    const { X: Xr, y: yr } = randomProblem(3, 300, 3, 2, 2);
    const binaryDummy = Xr.map((row, i) => [...row, yr[i] === 1 && i % 7 === 0 ? 1 : 0]);
    const three = Xr.map((row, i) => [...row, i % 5 === 0 ? 1 : 0]);
    const threeLabels = yr.map((v, i) => (i % 5 === 0 ? 2 : v));
    for (const [features, labels] of [[binaryDummy, yr], [three, threeLabels]] as const) {
      const model = await new LogisticRegression(MLE).fit(features, labels);
      expect(model.converged).toBe(true);
      expect(thrown(() => model.inference()).code).toBe("SEPARABLE");
    }
    // The same data without the dummy are fine.
    expect((await new LogisticRegression(MLE).fit(Xr, yr)).inference().standardErrors[0][0]).toBeLessThan(1);
  });

  it("no false alarms on overlapping classes, converged tightly or loosely (30 random problems)", async () => {
    for (const [n, d, K, noise] of [[2000, 3, 3, 1], [500, 5, 4, 2], [200, 2, 2, 0.5], [300, 3, 6, 3], [1000, 4, 3, 0.2]]) {
      for (let seed = 1; seed <= 3; seed++) {
        const { X: Xr, y: yr } = randomProblem(seed, n, d, K, noise);
        for (const options of [MLE, { l2: 0, solver: "lbfgs", tol: 1e-5 } as const]) {
          const r = (await new LogisticRegression(options).fit(Xr, yr)).inference();
          expect(r.standardErrors.flat().every((se) => se > 0 && se < 10)).toBe(true);
        }
      }
    }
  });
});

describe("fits that stopped short", () => {
  it("report converged: false (summary: 'converged: False'), and are not taken for separation", async () => {
    for (const options of [{ l2: 0, solver: "newton", maxIter: 1 }, { l2: 0, solver: "lbfgs", maxIter: 5 }] as const) {
      const model = await new LogisticRegression(options).fit(X, y);
      const r = model.inference();
      expect(r.converged).toBe(false);
      expect(model.summary()).toMatch(/converged:\s+False/);
    }
  });
});

describe("collinear features: COLLINEAR naming the terms", () => {
  it("a duplicated column (statsmodels: LinAlgError Singular matrix)", async () => {
    const model = await new LogisticRegression(MLE).fit(X.map((row) => [...row, row[4]]), y);
    const e = thrown(() => model.inference());
    expect(e.code).toBe("COLLINEAR");
    expect(e.message).toMatch(/x4, x5 are linearly dependent/);
    expect(e.message).toMatch(/\(x4 − x5 ≈ 0\)/);
  });

  it("a combination of three columns, and a constant column next to the intercept", async () => {
    const combined = await new LogisticRegression(MLE).fit(X.map((row) => [...row, 2 * row[1] - 0.5 * row[3]]), y);
    expect(thrown(() => combined.inference()).message).toMatch(/x1, x3, x5 are linearly dependent in the training rows \(x1 − 0\.25·x3 − 0\.5·x5 ≈ 0\)/);
    const constant = await new LogisticRegression(MLE).fit(X.map((row) => [row[0], 3, row[1]]), y);
    const e = thrown(() => constant.inference());
    expect(e.code).toBe("COLLINEAR");
    expect(e.message).toMatch(/intercept, x1 are linearly dependent in the training rows \(intercept − 0\.3333·x1 ≈ 0\)/);
  });

  it("a column that is 0 in every row", async () => {
    const model = await new LogisticRegression({ ...MLE, fitIntercept: false }).fit(X.map((row) => [row[0], 0, row[1]]), y);
    const e = thrown(() => model.inference());
    expect(e.code).toBe("COLLINEAR");
    expect(e.message).toMatch(/x1 is 0 in every row/);
  });
});

describe("damaged saved statistics: INVALID_MODEL", () => {
  const saved = () => JSON.parse(JSON.stringify(fitted)) as Record<string, any>;
  const cases: [string, (j: Record<string, any>) => void, RegExp][] = [
    ["an entry beyond Cauchy–Schwarz", (j) => (j.statistics.information[3][5] = 1e9), /information\[3\]\[8\].*exceeds/],
    ["a negative diagonal", (j) => (j.statistics.scoreOuterProducts[2][0] = -1), /scoreOuterProducts\[2\]\[2\] is negative/],
    ["a non-finite entry", (j) => (j.statistics.designGram[1][1] = null), /designGram\[1\]\[2\] must be a finite number/],
    ["a short row", (j) => j.statistics.information[0].pop(), /information row 0 must hold the 42 entries/],
    ["a missing matrix", (j) => delete j.statistics.scoreOuterProducts, /scoreOuterProducts must have 42 rows/],
    ["the wrong size", (j) => j.statistics.designGram.pop(), /designGram must have 6 rows/],
    ["a positive log-likelihood", (j) => (j.statistics.logLikelihood = 3), /log-likelihoods.*cannot be positive/],
    ["nObs 0", (j) => (j.statistics.nObs = 0), /nObs must be positive/],
    ["converged not a boolean", (j) => (j.statistics.converged = "yes"), /converged must be true or false/],
    ["statistics that are not an object", (j) => (j.statistics = [1, 2]), /statistics must be an object/],
    ["statistics on a penalised model", (j) => (j.training.options.l2 = 0.01), /training\.options\.l2 is 0\.01/],
  ];
  for (const [what, damage, message] of cases) {
    it(what, () => {
      const json = saved();
      damage(json);
      const e = thrown(() => LogisticRegression.fromJSON(json));
      expect(e.code).toBe("INVALID_MODEL");
      expect(e.message).toMatch(message);
    });
  }

  it("the undamaged file loads (so the cases above fail for their damage alone)", () => {
    expect(LogisticRegression.fromJSON(saved()).inference().params).toEqual(fitted.inference().params);
  });
});
