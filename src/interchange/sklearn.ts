/**
 * scikit-learn's LogisticRegression parameters (`coef_`, `intercept_`, `classes_`) to and
 * from this library's saved-model form.
 *
 * The one difference is the binary case. scikit-learn's multinomial fit keeps one row,
 * `coef_ = w` (the row of classes_[1]), and predicts softmax([−w·x − b, w·x + b]), i.e.
 * P(classes_[1]) = sigmoid(2(w·x + b)). The full two-row softmax with the same
 * probabilities is W = [−w, w], b = [−b, b]; back, w = (W₁ − W₀)/2, b = (b₁ − b₀)/2.
 */
import type { Label } from "../data.js";
import { fail } from "../errors.js";
import type { ModelJSON } from "../model-json.js";
import { describe } from "../options.js";
import { FORMAT, FORMAT_VERSION, VERSION } from "../version.js";

/** scikit-learn's fitted parameters as JSON: `coef_.tolist()`, `intercept_.tolist()`, `classes_.tolist()`. */
export interface SklearnParameters<L extends Label = Label> {
  /** K rows × d features; for two classes one row (scikit-learn's form) or two rows (the full softmax). */
  coef: number[][];
  /** One value per row of coef. */
  intercept: number[];
  /** The class labels, numbers or strings, in the order of the rows (scikit-learn's sorted `classes_`). */
  classes: L[];
}

const KEYS = ["coef", "intercept", "classes"];

/** A saved model (the form `fromJSON` reads) holding scikit-learn's parameters; every value checked. */
export function modelJSONFromSklearn<L extends Label>(parameters: SklearnParameters<L>): ModelJSON {
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    fail("INVALID_MODEL", `fromSklearn takes { coef, intercept, classes }, got ${describe(parameters)}`);
  }
  const p = parameters as unknown as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!KEYS.includes(key)) fail("INVALID_MODEL", `fromSklearn: unknown field "${key}"; expected coef, intercept and classes`);
  }
  const classes = readClasses(p.classes);
  const K = classes.length;
  const coef = readMatrix(p.coef);
  const d = coef[0].length;
  const binaryRow = K === 2 && coef.length === 1;
  if (!binaryRow && coef.length !== K) {
    fail("INVALID_MODEL", `fromSklearn: coef has ${coef.length} rows for ${K} classes; expected ${K === 2 ? "1 or 2" : K} (one per class${K === 2 ? ", or scikit-learn's single binary row" : ""})`);
  }
  const intercept = readVector(p.intercept, "intercept");
  if (intercept.length !== coef.length) {
    fail("INVALID_MODEL", `fromSklearn: intercept has ${intercept.length} values for the ${coef.length} row(s) of coef`);
  }
  const full = binaryRow
    ? { coef: [coef[0].map((w) => -w), coef[0]], intercept: [-intercept[0], intercept[0]] }
    : { coef, intercept };
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    libraryVersion: VERSION,
    classes,
    nFeatures: d,
    // scikit-learn stores exact zeros when fit_intercept=False.
    fitIntercept: full.intercept.some((b) => b !== 0),
    coef: full.coef,
    intercept: full.intercept,
    training: { solver: "scikit-learn", reason: "imported from scikit-learn's coef_, intercept_ and classes_" },
  };
}

/** scikit-learn's parameters of a model with these classes, weights (K × d) and intercepts. */
export function sklearnFromModel<L extends Label>(model: { classes: readonly L[]; coef: number[][]; intercept: number[] }): SklearnParameters<L> {
  const { coef, intercept } = model;
  const classes = [...model.classes];
  if (classes.length !== 2) return { coef, intercept, classes };
  return {
    coef: [coef[1].map((w, j) => (w - coef[0][j]) / 2)],
    intercept: [(intercept[1] - intercept[0]) / 2],
    classes,
  };
}

function readClasses(value: unknown): Label[] {
  if (!Array.isArray(value) || value.length < 2) fail("INVALID_MODEL", `fromSklearn: classes must list at least two labels, got ${describe(value)}`);
  const classes = Array.from(value as unknown[]);
  const kind = typeof classes[0];
  const seen = new Set<unknown>();
  classes.forEach((c, k) => {
    if ((typeof c !== "number" && typeof c !== "string") || typeof c !== kind || (typeof c === "number" && !Number.isFinite(c))) {
      fail("INVALID_MODEL", `fromSklearn: classes[${k}] is ${describe(c)}; classes must be all finite numbers or all strings`);
    }
    if (seen.has(c)) fail("INVALID_MODEL", `fromSklearn: classes[${k}] (${describe(c)}) is a duplicate`);
    seen.add(c);
  });
  return classes as Label[];
}

function readMatrix(value: unknown): number[][] {
  if (!Array.isArray(value) || value.length === 0) fail("INVALID_MODEL", `fromSklearn: coef must be a non-empty array of rows, got ${describe(value)}`);
  const rows = Array.from(value as unknown[], (row, k) => readVector(row, `coef[${k}]`));
  const d = rows[0].length;
  if (d === 0) fail("INVALID_MODEL", "fromSklearn: coef rows must have at least one feature");
  rows.forEach((row, k) => {
    if (row.length !== d) fail("INVALID_MODEL", `fromSklearn: coef[${k}] has ${row.length} values but coef[0] has ${d}`);
  });
  return rows;
}

function readVector(value: unknown, name: string): number[] {
  if (!Array.isArray(value)) fail("INVALID_MODEL", `fromSklearn: ${name} must be an array of numbers, got ${describe(value)}`);
  return Array.from(value as unknown[], (v, j) => {
    if (typeof v !== "number" || !Number.isFinite(v)) fail("INVALID_MODEL", `fromSklearn: ${name}[${j}] must be a finite number, got ${describe(v)}`);
    return v;
  });
}
