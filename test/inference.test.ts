// model.inference() and model.summary() against statsmodels 0.13.5 (MNLogit, Logit) on anes96:
// every field to 1e-6 relative (p-values below 1e-3 to 1e-9 absolute as well), classical and
// HC0, frequency weights, another reference class, no intercept, the binary case, and the
// summary text line by line. Fixtures: test/fixtures/inference/ (see test/fixtures/README.md).
import { describe, expect, it } from "vitest";
import { LogisticRegression, type InferenceResult } from "../src/index.js";
import { computeInference } from "../src/inference/inference.js";
import { statisticsFromJSON } from "../src/inference/statistics-json.js";
import { formatSummary } from "../src/inference/summary.js";
import { loadCsv, loadJson } from "./helpers/fixtures.js";

type Matrix = number[][];
interface MNLogitReference {
  params: Matrix;
  bse: Matrix;
  z: Matrix;
  pvalues: Matrix;
  conf_int_95_lower: Matrix;
  conf_int_95_upper: Matrix;
  bse_HC0: Matrix;
  llf: number;
  llnull: number;
  llr: number;
  llr_pvalue: number;
  aic: number;
  bic: number;
  prsquared: number;
  df_model: number;
  df_resid: number;
  nobs: number;
  [key: string]: unknown;
}
interface ExactNull {
  llnull_closed_form: number;
  llr_from_closed_form: number;
  llr_pvalue_from_closed_form_mpmath: number;
  prsquared_from_closed_form: number;
}

const { X, y } = loadCsv("anes96");
const mnlogit = loadJson<MNLogitReference>("inference/anes96_mnlogit.json");
const weighted = loadJson<MNLogitReference & { frequency_weights: number[] }>("inference/anes96_mnlogit_freq_weights.json");
const binary = loadJson<{ logit: Record<string, number[] | number>; mnlogit: Record<string, Matrix | number> }>("inference/anes96_logit_binary.json");
const extra = loadJson<{
  no_intercept: MNLogitReference & ExactNull;
  reference_class_3: MNLogitReference & { rows_are_PID: number[] };
  anes96_mnlogit_exact_null: ExactNull;
  anes96_mnlogit_freq_weights_exact_null: ExactNull;
  anes96_logit_binary_exact_null: ExactNull;
  summary_text: Record<string, string>;
}>("inference/anes96_mnlogit_extra.json");

/** Newton to a tight tolerance: the MLE itself, not a point near it (statsmodels used tol 1e-14). */
const MLE = { l2: 0, solver: "newton", tol: 1e-10 } as const;

const fitAnes = (options = {}, sampleWeight?: number[]) =>
  new LogisticRegression({ ...MLE, ...options }).fit(X, y, sampleWeight ? { sampleWeight } : {});

/** Largest relative deviation; entries whose reference is below `floor` in size are compared absolutely. */
function deviation(actual: Matrix | number[] | number, expected: Matrix | number[] | number, floor = 0): number {
  const a = [actual].flat(2) as number[];
  const e = [expected].flat(2) as number[];
  expect(a).toHaveLength(e.length);
  return Math.max(...a.map((v, i) => (Math.abs(e[i]) < floor ? Math.abs(v - e[i]) / floor : Math.abs(v - e[i]) / Math.abs(e[i]))));
}

/** Every field of one inference result against one statsmodels result (p-values below 1e-3: 1e-9 absolute). */
function expectAgreement(r: InferenceResult, ref: Record<string, unknown>, keys: Record<string, string>, tolerance = 1e-6): void {
  for (const [ours, theirs] of Object.entries(keys)) {
    const expected = ref[theirs] as Matrix | number;
    const actual = r[ours as keyof InferenceResult] as Matrix | number;
    const d = deviation(actual, expected);
    if (ours === "pValues" || ours === "llrPValue") {
      // Relative where p is not tiny; where it is, 1e-9 absolute.
      const a = [actual].flat(2) as number[];
      const e = [expected].flat(2) as number[];
      a.forEach((v, i) => {
        if (Math.abs(e[i]) >= 1e-3) expect(Math.abs(v - e[i]) / e[i], `${ours}[${i}]`).toBeLessThan(tolerance);
        else expect(Math.abs(v - e[i]), `${ours}[${i}]`).toBeLessThan(1e-9);
      });
      continue;
    }
    expect(d, `${ours} vs statsmodels ${theirs}`).toBeLessThan(tolerance);
  }
}

const CLASSICAL = {
  params: "params",
  standardErrors: "bse",
  z: "z",
  pValues: "pvalues",
  lower: "conf_int_95_lower",
  upper: "conf_int_95_upper",
  logLikelihood: "llf",
  nullLogLikelihood: "llnull",
  llr: "llr",
  llrPValue: "llr_pvalue",
  aic: "aic",
  bic: "bic",
  pseudoR2: "prsquared",
  dfModel: "df_model",
  dfResid: "df_resid",
  nObs: "nobs",
};

describe("inference on anes96 (7 classes, 5 features) against statsmodels MNLogit", () => {
  it("reaches statsmodels' MLE: parameters within 1e-9 relative before anything else is compared", async () => {
    const model = await fitAnes();
    expect(model.converged).toBe(true);
    expect(deviation(model.inference().params, mnlogit.params)).toBeLessThan(1e-9);
  });

  it("classical: every field within 1e-6 relative (p-values below 1e-3 within 1e-9 absolute)", async () => {
    const r = (await fitAnes()).inference();
    expect(r.referenceClass).toBe(0);
    expect(r.classes).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.terms).toEqual(["intercept", "x0", "x1", "x2", "x3", "x4"]);
    expect(r.covarianceType).toBe("classical");
    expect(r.converged).toBe(true);
    expectAgreement(r, mnlogit, CLASSICAL);
    expect([r.dfModel, r.dfResid, r.nObs]).toEqual([30, 908, 944]);
  });

  it("statsmodels' llnull stops 7e-7 short of the closed form Σ c log(c/n); ours is the closed form", async () => {
    const r = (await fitAnes()).inference();
    const exact = extra.anes96_mnlogit_exact_null;
    expect(Math.abs(r.nullLogLikelihood - exact.llnull_closed_form)).toBeLessThan(1e-10);
    expect(Math.abs(mnlogit.llnull - exact.llnull_closed_form)).toBeGreaterThan(1e-7);
    expect(deviation(r.llr, exact.llr_from_closed_form)).toBeLessThan(1e-10);
    expect(deviation(r.llrPValue, exact.llr_pvalue_from_closed_form_mpmath)).toBeLessThan(1e-9);
    expect(deviation(r.pseudoR2, exact.prsquared_from_closed_form)).toBeLessThan(1e-11);
  });

  it("robust (HC0 sandwich): standard errors within 1e-6 relative, and z, p, intervals follow from them", async () => {
    const r = (await fitAnes()).inference({ covariance: "robust" });
    expect(r.covarianceType).toBe("robust");
    expect(deviation(r.standardErrors, mnlogit.bse_HC0)).toBeLessThan(1e-6);
    expect(deviation(r.params, mnlogit.params)).toBeLessThan(1e-9);
    // The likelihood statistics do not depend on the covariance.
    expectAgreement(r, mnlogit, { logLikelihood: "llf", aic: "aic", bic: "bic", dfModel: "df_model" });
  });

  it("covariance: (K−1)(d+1) square, symmetric, its diagonal the squared standard errors", async () => {
    const r = (await fitAnes()).inference({ covariance: "robust" });
    const q = 6 * 6;
    expect(r.covariance).toHaveLength(q);
    for (let i = 0; i < q; i++) {
      expect(r.covariance[i]).toHaveLength(q);
      for (let j = 0; j < q; j++) expect(r.covariance[i][j]).toBe(r.covariance[j][i]);
      expect(Math.sqrt(r.covariance[i][i])).toBe(r.standardErrors[Math.floor(i / 6)][i % 6]);
    }
  });

  it("level 0.9 gives statsmodels' 90% intervals (frequency-weight file, classical and HC0)", async () => {
    const model = await fitAnes({}, weighted.frequency_weights);
    expectAgreement(model.inference({ level: 0.9 }), weighted, { lower: "conf_int_90_lower", upper: "conf_int_90_upper" });
    expectAgreement(model.inference({ level: 0.9, covariance: "robust" }), weighted, {
      lower: "conf_int_90_lower_HC0",
      upper: "conf_int_90_upper_HC0",
    });
  });

  it("referenceClass 3 equals statsmodels on labels rotated so that PID 3 comes first", async () => {
    const ref = extra.reference_class_3;
    const r = (await fitAnes()).inference({ referenceClass: 3 });
    expect(r.referenceClass).toBe(3);
    expect(r.classes).toEqual([0, 1, 2, 4, 5, 6]);
    // statsmodels' rows are PID 4, 5, 6, 0, 1, 2: put them in our order.
    const reorder = (m: Matrix) => r.classes.map((c) => m[ref.rows_are_PID.indexOf(c as number)]);
    const reordered = Object.fromEntries(
      ["params", "bse", "z", "pvalues", "conf_int_95_lower", "conf_int_95_upper", "bse_HC0", "z_HC0", "pvalues_HC0"].map((k) => [k, reorder(ref[k] as Matrix)]),
    );
    expectAgreement(r, { ...ref, ...reordered }, CLASSICAL);
    expectAgreement(model_robust(await fitAnes(), 3), reordered, { standardErrors: "bse_HC0", z: "z_HC0", pValues: "pvalues_HC0" });
  });

  it("referenceClass 3 equals our own refit with the classes relabelled so that 3 is the first", async () => {
    const rotated = y.map((v) => (v - 3 + 7) % 7); // PID 3 → 0, 4 → 1, …, 2 → 6
    const refit = (await new LogisticRegression(MLE).fit(X, rotated)).inference();
    const r = (await fitAnes()).inference({ referenceClass: 3 });
    const rows = (m: Matrix) => r.classes.map((c) => m[((c as number) - 3 + 7) % 7 - 1]);
    for (const key of ["params", "standardErrors", "z", "lower", "upper"] as const) {
      expect(deviation(r[key], rows(refit[key])), key).toBeLessThan(1e-8);
    }
    expect(deviation(r.logLikelihood, refit.logLikelihood)).toBeLessThan(1e-12);
  });

  it("without an intercept: statsmodels MNLogit on the design without a constant", async () => {
    const ref = extra.no_intercept;
    const r = (await fitAnes({ fitIntercept: false })).inference();
    expect(r.terms).toEqual(["x0", "x1", "x2", "x3", "x4"]);
    // llnull: statsmodels' iterative intercept-only fit again (see above); the rest to 1e-6.
    expectAgreement(r, ref, { ...CLASSICAL });
    expect(deviation(r.nullLogLikelihood, ref.llnull_closed_form)).toBeLessThan(1e-12);
    expect(deviation(r.llrPValue, ref.llr_pvalue_from_closed_form_mpmath)).toBeLessThan(1e-9);
    expect([r.dfModel, r.dfResid]).toEqual([24, 914]);
    const robust = (await fitAnes({ fitIntercept: false })).inference({ covariance: "robust" });
    expectAgreement(robust, ref, { standardErrors: "bse_HC0", z: "z_HC0", pValues: "pvalues_HC0" });
  });
});

function model_robust(model: LogisticRegression, referenceClass: number): InferenceResult {
  return model.inference({ referenceClass, covariance: "robust" });
}

describe("frequency weights", () => {
  const fw = weighted.frequency_weights;
  const duplicatedX = X.flatMap((row, i) => Array.from({ length: fw[i] }, () => row));
  const duplicatedY = y.flatMap((v, i) => Array.from({ length: fw[i] }, () => v));

  it("sample weights match statsmodels on the rows duplicated by them (classical and HC0)", async () => {
    const model = await fitAnes({}, fw);
    expectAgreement(model.inference(), weighted, CLASSICAL);
    expect([model.inference().nObs, model.inference().dfResid]).toEqual([1915, 1879]);
    expectAgreement(model.inference({ covariance: "robust" }), weighted, {
      standardErrors: "bse_HC0",
      z: "z_HC0",
      pValues: "pvalues_HC0",
      lower: "conf_int_95_lower_HC0",
      upper: "conf_int_95_upper_HC0",
    });
    const exact = extra.anes96_mnlogit_freq_weights_exact_null;
    expect(deviation(model.inference().nullLogLikelihood, exact.llnull_closed_form)).toBeLessThan(1e-12);
  });

  it("equal our own fit on the duplicated rows, field by field (classical and robust)", async () => {
    const byWeights = await fitAnes({}, fw);
    const byRows = await new LogisticRegression(MLE).fit(duplicatedX, duplicatedY);
    for (const covariance of ["classical", "robust"] as const) {
      const a = byWeights.inference({ covariance });
      const b = byRows.inference({ covariance });
      for (const key of ["params", "standardErrors", "z", "pValues", "lower", "upper", "covariance"] as const) {
        expect(deviation(a[key], b[key], 1e-12), `${covariance} ${key}`).toBeLessThan(1e-8);
      }
      for (const key of ["logLikelihood", "nullLogLikelihood", "llr", "llrPValue", "aic", "bic", "pseudoR2", "nObs", "dfModel", "dfResid"] as const) {
        expect(deviation(a[key], b[key]), key).toBeLessThan(1e-10);
      }
    }
  });
});

describe("binary (K = 2) against statsmodels Logit", () => {
  const yBinary = y.map((v) => (v >= 4 ? 1 : 0));
  const logit = binary.logit as Record<string, number[] | number>;
  const asRow = (key: string) => [logit[key] as number[]];

  it("every field of Logit (and so of MNLogit with two classes), classical and HC0, 95% and 90%", async () => {
    const model = await new LogisticRegression(MLE).fit(X, yBinary);
    const r = model.inference();
    expect(r.classes).toEqual([1]);
    const ref = Object.fromEntries(Object.entries(logit).map(([k, v]) => [k, Array.isArray(v) ? [v] : v]));
    expectAgreement(r, ref, CLASSICAL);
    expectAgreement(model.inference({ level: 0.9 }), ref, { lower: "conf_int_90_lower", upper: "conf_int_90_upper" });
    expectAgreement(model.inference({ covariance: "robust" }), ref, {
      standardErrors: "HC0_bse",
      z: "HC0_z",
      pValues: "HC0_pvalues",
      lower: "HC0_conf_int_95_lower",
      upper: "HC0_conf_int_95_upper",
    });
    expectAgreement(model.inference({ covariance: "robust", level: 0.9 }), ref, {
      lower: "HC0_conf_int_90_lower",
      upper: "HC0_conf_int_90_upper",
    });
    expect(deviation(r.params, asRow("params"))).toBeLessThan(1e-9);
    expect(deviation(r.nullLogLikelihood, extra.anes96_logit_binary_exact_null.llnull_closed_form)).toBeLessThan(1e-12);
  });

  it("string labels: the reference is the first sorted label and the other one is modelled", async () => {
    const names = yBinary.map((v) => (v === 1 ? "republican" : "democrat"));
    const r = (await new LogisticRegression(MLE).fit(X, names)).inference();
    expect(r.referenceClass).toBe("democrat");
    expect(r.classes).toEqual(["republican"]);
    expect(deviation(r.params, asRow("params"))).toBeLessThan(1e-9);
    const flipped = (await new LogisticRegression(MLE).fit(X, names)).inference({ referenceClass: "republican" });
    expect(deviation(flipped.params, [(logit.params as number[]).map((v) => -v)])).toBeLessThan(1e-9);
    expect(deviation(flipped.standardErrors, asRow("bse"))).toBeLessThan(1e-6);
  });
});

describe("soft targets", () => {
  it("one-hot probability rows give the same inference as the labels", async () => {
    const oneHot = y.map((v) => Array.from({ length: 7 }, (_, k) => (k === v ? 1 : 0)));
    const a = (await new LogisticRegression(MLE).fit(X, oneHot)).inference({ covariance: "robust" });
    const b = (await fitAnes()).inference({ covariance: "robust" });
    for (const key of ["params", "standardErrors", "covariance"] as const) expect(deviation(a[key], b[key], 1e-12)).toBeLessThan(1e-9);
    expect(deviation(a.nullLogLikelihood, b.nullLogLikelihood)).toBeLessThan(1e-13);
  });
});

describe("summary()", () => {
  /** statsmodels prints Date and Time where we print the reference class and the class count. */
  function expectSameLayout(ours: string, theirs: string): void {
    const a = ours.split("\n");
    const b = theirs.split("\n");
    expect(a).toHaveLength(b.length);
    a.forEach((line, i) => {
      if (b[i].startsWith("Date:") || b[i].startsWith("Time:")) expect(line.slice(37)).toBe(b[i].slice(37));
      else expect(line, `line ${i}`).toBe(b[i]);
    });
  }

  it("is statsmodels' MNLogitResults.summary() text, line for line (classical, HC0, alpha 0.1)", async () => {
    const model = await fitAnes();
    const lines = model.summary().split("\n");
    expect(lines[5]).toBe("Reference class:                    0   Pseudo R-squ.:                 0.03079");
    expect(lines[6]).toMatch(/^Classes:\s+7 {3}Log-Likelihood:/);
    expectSameLayout(model.summary(), extra.summary_text.mnlogit_classical);
    expectSameLayout(model.summary({ covariance: "robust" }), extra.summary_text.mnlogit_HC0);
    expectSameLayout(model.summary({ level: 0.9 }), extra.summary_text["mnlogit_alpha_0.1"]);
  });

  it("widens the term column for long feature names as statsmodels does (featureNames given to the inference)", async () => {
    const model = await fitAnes();
    const json = model.toJSON();
    const names = ["logpopul", "TVnews", "age", "educ", "household_income_bracket"];
    const result = computeInference(
      { classes: model.classes, nFeatures: 5, fitIntercept: true, theta: model.theta, penalties: { l2: 0 }, featureNames: names },
      statisticsFromJSON(json.statistics, 7, 5),
    );
    expect(result.terms).toEqual(["intercept", ...names]);
    expectSameLayout(formatSummary(result, 7), extra.summary_text.mnlogit_named_terms);
  });

  it("takes its terms from the model's feature names (fit with featureNames), also after a JSON round trip", async () => {
    const names = ["logpopul", "TVnews", "age", "educ", "household_income_bracket"];
    const model = await new LogisticRegression(MLE).fit(X, y, { featureNames: names });
    expect(model.inference().terms).toEqual(["intercept", ...names]);
    expectSameLayout(model.summary(), extra.summary_text.mnlogit_named_terms);
    expect(LogisticRegression.fromJSON(JSON.stringify(model)).inference().terms).toEqual(["intercept", ...names]);
  });

  it("is statsmodels' Logit summary for two classes", async () => {
    const model = await new LogisticRegression(MLE).fit(X, y.map((v) => (v >= 4 ? 1 : 0)));
    expectSameLayout(model.summary(), extra.summary_text.logit_binary);
  });
});

describe("saved models", () => {
  it("keep the statistics: inference and summary are identical after toJSON → fromJSON (text or object)", async () => {
    const model = await fitAnes({}, weighted.frequency_weights);
    const text = JSON.stringify(model);
    for (const saved of [text, JSON.parse(text)]) {
      const loaded = LogisticRegression.fromJSON(saved);
      for (const options of [{}, { covariance: "robust" as const, referenceClass: 5, level: 0.8 }]) {
        expect(loaded.inference(options)).toEqual(model.inference(options));
        expect(loaded.summary(options)).toBe(model.summary(options));
      }
    }
    // And again after a second round trip (what was saved is what is loaded).
    expect(JSON.stringify(LogisticRegression.fromJSON(text))).toBe(text);
  });

  it("store upper triangles only, and no statistics for a penalised fit", async () => {
    const json = (await fitAnes()).toJSON();
    expect(json.statistics?.information).toHaveLength(42);
    expect(json.statistics?.information[41]).toHaveLength(1);
    expect(json.statistics?.designGram).toHaveLength(6);
    expect((await new LogisticRegression({ l2: 1e-4 }).fit(X, y)).toJSON().statistics).toBeUndefined();
  });
});
