// scikit-learn interchange: models fitted by Debian's python3-sklearn 1.2.1
// (test/fixtures/interchange/, scripts/fixtures/interchange.py) imported with fromSklearn
// must reproduce scikit-learn's own predict_proba and predict, and toSklearn must give
// scikit-learn's arrays back.
import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { LogisticRegression, SoftmaxRegressionError, type Label } from "../src/index.js";
import { toONNX } from "../src/onnx.js";
import { loadCsv, loadJson } from "./helpers/fixtures.js";

interface SklearnFixture {
  classes_: Label[];
  coef_: number[][];
  intercept_: number[];
  X_rows: number[][];
  predict_proba: number[][];
  predict: Label[];
  full_softmax_coef?: number[][];
  full_softmax_intercept?: number[];
}

const FIXTURES = ["iris_raw_numeric_labels", "iris_raw_string_labels", "breast_cancer_std_binary", "breast_cancer_std_binary_string_labels"];
const load = (name: string) => loadJson<SklearnFixture>(`interchange/${name}.json`);
const maxAbsDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, k) => Math.abs(v - b[i][k]))));
const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe("LogisticRegression.fromSklearn", () => {
  for (const name of FIXTURES) {
    it(`${name}: predict_proba within 1e-12, predict equal, toSklearn gives coef_/intercept_/classes_ back`, () => {
      const f = load(name);
      const model = LogisticRegression.fromSklearn({ coef: f.coef_, intercept: f.intercept_, classes: f.classes_ });
      expect(model.classes).toEqual(f.classes_);
      expect(maxAbsDiff(model.predictProba(f.X_rows), f.predict_proba)).toBeLessThanOrEqual(1e-12);
      expect(model.predict(f.X_rows)).toEqual(f.predict);
      expect(model.toSklearn()).toEqual({ coef: f.coef_, intercept: f.intercept_, classes: f.classes_ });
      expect(model.solver).toBeUndefined(); // no solver of this library ran
      expect(model.stopReason).toMatch(/^imported from scikit-learn/);
      // A saved imported model is an ordinary saved model.
      const again = LogisticRegression.fromJSON(JSON.stringify(model));
      expect(again.predictProba(f.X_rows)).toEqual(model.predictProba(f.X_rows));
    });
  }

  it("binary: the 1 × d row becomes the full softmax W = [−coef_, coef_], b = [−intercept_, intercept_]; both forms import", () => {
    const f = load("breast_cancer_std_binary");
    const model = LogisticRegression.fromSklearn({ coef: f.coef_, intercept: f.intercept_, classes: f.classes_ });
    expect(model.coef).toEqual(f.full_softmax_coef);
    expect(model.intercept).toEqual(f.full_softmax_intercept);
    const full = LogisticRegression.fromSklearn({ coef: f.full_softmax_coef!, intercept: f.full_softmax_intercept!, classes: f.classes_ });
    expect(full.predictProba(f.X_rows)).toEqual(model.predictProba(f.X_rows));
    expect(full.toSklearn()).toEqual(model.toSklearn());
  });

  it("binary with string labels: classes_ sorted, so the row (and its sign) belongs to the other class", () => {
    const numeric = load("breast_cancer_std_binary"); // 0 = malignant, 1 = benign
    const strings = load("breast_cancer_std_binary_string_labels"); // ["benign", "malignant"]
    const a = LogisticRegression.fromSklearn({ coef: numeric.coef_, intercept: numeric.intercept_, classes: numeric.classes_ });
    const b = LogisticRegression.fromSklearn({ coef: strings.coef_, intercept: strings.intercept_, classes: strings.classes_ });
    const pa = a.predictProba(numeric.X_rows);
    const pb = b.predictProba(strings.X_rows);
    // P(benign): column 1 of the numeric model, column 0 of the string one (sklearn's fits agree to its tolerance).
    expect(Math.max(...pa.map((row, i) => Math.abs(row[1] - pb[i][0])))).toBeLessThan(1e-6);
    expect(b.predict(strings.X_rows)).toEqual(numeric.predict.map((k) => (k === 1 ? "benign" : "malignant")));
  });

  it("scikit-learn's default binary model (multi_class 'auto': sigmoid(coef_·x + intercept_)) imports with binary: \"sigmoid\"", () => {
    const f = load("breast_cancer_std_binary_default");
    const params = { coef: f.coef_, intercept: f.intercept_, classes: f.classes_ };
    const model = LogisticRegression.fromSklearn(params, { binary: "sigmoid" });
    expect(maxAbsDiff(model.predictProba(f.X_rows), f.predict_proba)).toBeLessThanOrEqual(1e-12);
    expect(model.predict(f.X_rows)).toEqual(f.predict);
    // Independently: P(classes_[1]) = 1 / (1 + exp(−(w·x + b))).
    const sigmoid = f.X_rows.map((x) => 1 / (1 + Math.exp(-f.coef_[0].reduce((s, w, j) => s + w * x[j], f.intercept_[0]))));
    expect(Math.max(...sigmoid.map((p, i) => Math.abs(p - model.predictProba(f.X_rows)[i][1])))).toBeLessThanOrEqual(1e-12);
    expect(model.toSklearn({ binary: "sigmoid" })).toEqual(params);
    // Read as the multinomial row (the default), the same numbers give a different model.
    expect(maxAbsDiff(LogisticRegression.fromSklearn(params).predictProba(f.X_rows), f.predict_proba)).toBeGreaterThan(1e-3);
    // Between the forms the row doubles, exactly.
    const multinomial = model.toSklearn();
    expect(multinomial.coef[0].map((w) => 2 * w)).toEqual(f.coef_[0]);
    expect(LogisticRegression.fromSklearn(multinomial).predictProba(f.X_rows)).toEqual(model.predictProba(f.X_rows));
  });

  it("toSklearn of a model fitted here: scikit-learn's binary formula softmax([−d, d]) reproduces predictProba", async () => {
    const { X, y } = loadCsv("breast_cancer");
    const Xs = X.map((row) => row.map((v) => v / 1000));
    const model = await new LogisticRegression({ l2: 1e-3 }).fit(Xs, y);
    const { coef, intercept, classes } = model.toSklearn();
    expect(coef).toHaveLength(1);
    expect(intercept).toHaveLength(1);
    expect(classes).toEqual([0, 1]);
    const sklearnProba = Xs.map((x) => {
      const d = coef[0].reduce((s, w, j) => s + w * x[j], intercept[0]);
      return softmax([-d, d]);
    });
    expect(maxAbsDiff(sklearnProba, model.predictProba(Xs))).toBeLessThanOrEqual(1e-12);
  });

  it("a scikit-learn model served through ONNX reproduces predict_proba in onnxruntime (float64, 1e-12)", async () => {
    for (const name of FIXTURES) {
      const f = load(name);
      const model = LogisticRegression.fromSklearn({ coef: f.coef_, intercept: f.intercept_, classes: f.classes_ });
      const session = await ort.InferenceSession.create(toONNX(model, { dtype: "float64" }));
      const X = new ort.Tensor("float64", Float64Array.from(f.X_rows.flat()), [f.X_rows.length, f.X_rows[0].length]);
      const out = await session.run({ X });
      const K = f.classes_.length;
      const p = out.probabilities.data as Float64Array;
      const proba = f.X_rows.map((_, i) => Array.from(p.subarray(i * K, (i + 1) * K)));
      expect(maxAbsDiff(proba, f.predict_proba), name).toBeLessThanOrEqual(1e-12);
      expect(Array.from(out.label.data as ArrayLike<bigint | string>, (v) => (typeof v === "bigint" ? Number(v) : v))).toEqual(f.predict);
    }
  });

  it("copies what it is given and leaves it untouched", () => {
    const f = load("iris_raw_numeric_labels");
    const input = { coef: f.coef_.map((r) => [...r]), intercept: [...f.intercept_], classes: [...f.classes_] };
    const frozen = structuredClone(input);
    const model = LogisticRegression.fromSklearn(input);
    expect(input).toEqual(frozen);
    const before = model.predictProba(f.X_rows);
    input.coef[0][0] = 1e6;
    input.classes[0] = 99;
    expect(model.predictProba(f.X_rows)).toEqual(before);
    expect(model.classes).toEqual(f.classes_);
  });

  it("intercepts all zero (fit_intercept=False) give fitIntercept false", () => {
    const model = LogisticRegression.fromSklearn({ coef: [[1, 2], [0, -1], [3, 0]], intercept: [0, 0, 0], classes: ["a", "b", "c"] });
    expect(model.toJSON().fitIntercept).toBe(false);
    expect(model.options.fitIntercept).toBe(false);
    expect(model.predict([[1, 0], [0, 1]])).toEqual(["c", "a"]); // scores [1, 0, 3] and [2, −1, 0]
  });

  it("refuses malformed parameters with INVALID_MODEL naming the field", () => {
    const ok = { coef: [[1, 2], [3, 4], [5, 6]], intercept: [0.1, 0.2, 0.3], classes: [0, 1, 2] };
    const message = (p: unknown) => {
      try {
        LogisticRegression.fromSklearn(p as never);
      } catch (e) {
        expect(e).toBeInstanceOf(SoftmaxRegressionError);
        expect((e as SoftmaxRegressionError).code).toBe("INVALID_MODEL");
        return (e as Error).message;
      }
      return "no error";
    };
    expect(message(null)).toMatch(/takes \{ coef, intercept, classes \}/);
    expect(message({ ...ok, classes: undefined })).toMatch(/classes must list at least two labels/);
    expect(message({ ...ok, classes: [7] })).toMatch(/classes must list at least two labels/);
    expect(message({ ...ok, classes: [0, "1", 2] })).toMatch(/classes\[1\] is "1"; classes must be all finite numbers or all strings/);
    expect(message({ ...ok, classes: [0, 1, 1] })).toMatch(/classes\[2\] \(1\) is a duplicate/);
    expect(message({ ...ok, classes: [0, true, 2] })).toMatch(/classes\[1\] is true/);
    expect(message({ ...ok, coef: [[1, 2], [3, 4]] })).toMatch(/coef has 2 rows for 3 classes; expected 3/);
    expect(message({ ...ok, coef: [[1, 2]] })).toMatch(/coef has 1 rows for 3 classes/);
    expect(message({ ...ok, coef: [[1, 2], [3], [5, 6]] })).toMatch(/coef\[1\] has 1 values but coef\[0\] has 2/);
    expect(message({ ...ok, coef: [[1, NaN], [3, 4], [5, 6]] })).toMatch(/coef\[0\]\[1\] must be a finite number, got NaN/);
    expect(message({ ...ok, coef: [[], [], []] })).toMatch(/at least one feature/);
    expect(message({ ...ok, coef: "[[1]]" })).toMatch(/coef must be a non-empty array of rows/);
    expect(message({ ...ok, intercept: [0.1, 0.2] })).toMatch(/intercept has 2 values for the 3 row\(s\) of coef/);
    expect(message({ ...ok, intercept: 0.1 })).toMatch(/intercept must be an array of numbers/);
    expect(message({ ...ok, intercept: [0, Infinity, 0] })).toMatch(/intercept\[1\] must be a finite number, got Infinity/);
    expect(message({ ...ok, coef_: ok.coef })).toMatch(/unknown field "coef_"/);
    expect(message({ coef: [[1], [2], [3]], intercept: [0], classes: [0, 1] })).toMatch(/coef has 3 rows for 2 classes; expected 1 or 2/);
    const option = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return `${(e as SoftmaxRegressionError).code}: ${(e as Error).message}`;
      }
      return "no error";
    };
    const binary = { coef: [[1, 2]], intercept: [0], classes: [0, 1] };
    expect(option(() => LogisticRegression.fromSklearn(binary, { binary: "logistic" as never }))).toMatch(/^INVALID_OPTION: .*binary must be "multinomial" or "sigmoid"/);
    expect(option(() => LogisticRegression.fromSklearn(binary, { binry: "sigmoid" } as never))).toMatch(/^INVALID_OPTION: .*did you mean "binary"/);
    expect(option(() => LogisticRegression.fromSklearn(binary, 5 as never))).toMatch(/^INVALID_OPTION/);
    expect(option(() => LogisticRegression.fromSklearn(binary).toSklearn({ binary: 2 } as never))).toMatch(/^INVALID_OPTION: toSklearn option binary/);
  });
});
