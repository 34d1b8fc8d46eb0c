/**
 * scikit-learn's LogisticRegression parameters (`coef_`, `intercept_`, `classes_`) to and
 * from this library's saved-model form.
 *
 * The one difference is the binary case, where scikit-learn keeps one row w (the row of
 * classes_[1]) and reads it in one of two ways:
 *   "multinomial" (multi_class="multinomial"): softmax([−w·x − b, w·x + b]), i.e.
 *      P(classes_[1]) = sigmoid(2(w·x + b)); the full two-row softmax is W = [−w, w],
 *      b = [−b, b], and back w = (W₁ − W₀)/2, b = (b₁ − b₀)/2;
 *   "sigmoid" (multi_class "auto"/"ovr", the default, and every binary fit since 1.5; also
 *      Spark's binomial family and statsmodels' Logit): P(classes_[1]) = sigmoid(w·x + b),
 *      i.e. W = [−w/2, w/2], b = [−b/2, b/2], and back w = W₁ − W₀, b = b₁ − b₀.
 * Halving and doubling are exact in binary floating point, so both round trips are exact.
 */
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import type { ModelJSON } from "../estimator/model-format.js";
import { copyChecked, countOf, describe, MAX_CLASSES, ownOptions, rejectUnknownKeys } from "../input/checks.js";
import { FORMAT, FORMAT_VERSION, VERSION } from "../util/version.js";

/** scikit-learn's fitted parameters as JSON: `coef_.tolist()`, `intercept_.tolist()`, `classes_.tolist()`. */
export interface SklearnParameters<L extends Label = Label> {
  /** K rows × d features; for two classes one row (scikit-learn's form) or two rows (the full softmax). */
  coef: number[][];
  /** One value per row of coef. */
  intercept: number[];
  /** The class labels, numbers or strings, in the order of the rows (scikit-learn's sorted `classes_`). */
  classes: L[];
}

/** How a single binary row is read (see the header); ignored when coef has a row per class. */
export type SklearnBinaryForm = "multinomial" | "sigmoid";

/** Options of fromSklearn and toSklearn. */
export interface SklearnOptions {
  /**
   * How the single row of a two-class model is read: "multinomial" (default; scikit-learn's
   * multi_class="multinomial", P = sigmoid(2·(w·x + b))) or "sigmoid" (P = sigmoid(w·x + b):
   * scikit-learn's default for two classes, Spark's binomial family).
   */
  binary?: SklearnBinaryForm;
}

const KEYS = ["coef", "intercept", "classes"];
const BINARY_FORMS: readonly SklearnBinaryForm[] = ["multinomial", "sigmoid"];

/** The binary form the options ask for (INVALID_OPTION if they are malformed). */
function binaryForm(options: SklearnOptions | undefined, what: string): SklearnBinaryForm {
  if (options === undefined) return "multinomial";
  if (typeof options !== "object" || options === null || Array.isArray(options)) fail("INVALID_OPTION", `${what} options must be an object, got ${describe(options)}`);
  rejectUnknownKeys(options as Record<string, unknown>, ["binary"], `${what} option`);
  const form = ownOptions(options as Record<string, unknown>).binary ?? "multinomial";
  if (!BINARY_FORMS.includes(form as SklearnBinaryForm)) fail("INVALID_OPTION", `${what} option binary must be "multinomial" or "sigmoid", got ${describe(form)}`);
  return form as SklearnBinaryForm;
}

/** A saved model (the form `fromJSON` reads) holding scikit-learn's parameters; every value checked. */
export function modelJSONFromSklearn<L extends Label>(parameters: SklearnParameters<L>, options?: SklearnOptions): ModelJSON<L> {
  const form = binaryForm(options, "fromSklearn");
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    fail("INVALID_MODEL", `fromSklearn takes { coef, intercept, classes }, got ${describe(parameters)}`);
  }
  const p = parameters as unknown as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!KEYS.includes(key)) fail("INVALID_MODEL", `fromSklearn: unknown field "${key}"; expected coef, intercept and classes`);
  }
  const classes = readClasses(p.classes) as L[];
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
  const scale = form === "sigmoid" ? 0.5 : 1;
  const half = binaryRow ? { w: coef[0].map((w) => w * scale), b: intercept[0] * scale } : undefined;
  const full = half ? { coef: [half.w.map((w) => -w), half.w], intercept: [-half.b, half.b] } : { coef, intercept };
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
    training: {
      reason: `imported from scikit-learn's coef_, intercept_ and classes_${binaryRow ? ` (binary row read as ${form})` : ""}`,
    },
  };
}

/** scikit-learn's parameters of a model with these classes, weights (K × d) and intercepts. */
export function sklearnFromModel<L extends Label>(
  model: { classes: readonly L[]; coef: number[][]; intercept: number[] },
  options?: SklearnOptions,
): SklearnParameters<L> {
  const scale = binaryForm(options, "toSklearn") === "sigmoid" ? 1 : 0.5;
  const { coef, intercept } = model;
  const classes = [...model.classes];
  if (classes.length !== 2) return { coef, intercept, classes };
  return {
    coef: [coef[1].map((w, j) => (w - coef[0][j]) * scale)],
    intercept: [(intercept[1] - intercept[0]) * scale],
    classes,
  };
}

function readClasses(value: unknown): Label[] {
  // The length once, checked before any label is read (a Proxy may claim 10⁹).
  const length: unknown = Array.isArray(value) ? value.length : -1;
  if (!Number.isSafeInteger(length) || (length as number) < 2) fail("INVALID_MODEL", `fromSklearn: classes must list at least two labels, got ${describe(value)}`);
  if ((length as number) > MAX_CLASSES) fail("INVALID_MODEL", `fromSklearn: classes lists ${length} labels; at most ${MAX_CLASSES} (2²⁴) are supported`);
  let kind: string | undefined;
  const seen = new Set<unknown>();
  const classes = copyChecked(value as unknown[], length as number, (c, k) => {
    kind ??= typeof c;
    if ((typeof c !== "number" && typeof c !== "string") || typeof c !== kind || (typeof c === "number" && !Number.isFinite(c))) {
      fail("INVALID_MODEL", `fromSklearn: classes[${k}] is ${describe(c)}; classes must be all finite numbers or all strings`);
    }
    if (seen.has(c)) fail("INVALID_MODEL", `fromSklearn: classes[${k}] (${describe(c)}) is a duplicate`);
    seen.add(c);
    return c;
  });
  return classes as Label[];
}

function readMatrix(value: unknown): number[][] {
  if (!Array.isArray(value) || value.length === 0) fail("INVALID_MODEL", `fromSklearn: coef must be a non-empty array of rows, got ${describe(value)}`);
  const rows = copyChecked(value as unknown[], lengthOf(value, "coef"), (row, k) => readVector(row, `coef[${k}]`));
  const d = rows[0].length;
  if (d === 0) fail("INVALID_MODEL", "fromSklearn: coef rows must have at least one feature");
  rows.forEach((row, k) => {
    if (row.length !== d) fail("INVALID_MODEL", `fromSklearn: coef[${k}] has ${row.length} values but coef[0] has ${d}`);
  });
  return rows;
}

function readVector(value: unknown, name: string): number[] {
  if (!Array.isArray(value)) fail("INVALID_MODEL", `fromSklearn: ${name} must be an array of numbers, got ${describe(value)}`);
  return copyChecked(value as unknown[], lengthOf(value, name), (v, j) => {
    if (typeof v !== "number" || !Number.isFinite(v)) fail("INVALID_MODEL", `fromSklearn: ${name}[${j}] must be a finite number, got ${describe(v)}`);
    return v;
  });
}

/** An array's length, read once: a count (a Proxy may claim anything). */
function lengthOf(value: unknown[], name: string): number {
  return countOf(value, "INVALID_MODEL", `fromSklearn: ${name}`);
}
