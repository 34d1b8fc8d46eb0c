/**
 * The saved-model format: what toJSON writes and the checks fromJSON makes before it
 * trusts a model (corrupted, truncated or tampered files give INVALID_MODEL, naming the field).
 */
import type { StatisticsJSON } from "../inference/statistics-json.js";
import type { PreprocessingJSON } from "./preprocessing.js";
import { fail } from "../util/errors.js";
import { describe } from "../input/checks.js";
import { checkFeatureNames } from "../input/feature-names.js";

export { checkFeatureNames };
import type { Label } from "../input/targets.js";
import { FORMAT, FORMAT_VERSION } from "../util/version.js";

/** A model as saved by `toJSON`; `L` is the type of its class labels. */
export interface ModelJSON<L extends Label = Label> {
  /** Always "softmax-regression". */
  format: typeof FORMAT;
  /** Version of this layout; fromJSON refuses others. */
  formatVersion: number;
  /** The library version that wrote the model. */
  libraryVersion: string;
  /** Sorted class labels (the columns of predictProba). */
  classes: L[];
  /** Number of features. */
  nFeatures: number;
  /** Whether the model has intercepts. */
  fitIntercept: boolean;
  /** K rows × d (scikit-learn's coef_ layout). */
  coef: number[][];
  /** K values. */
  intercept: number[];
  /** The names of the features (the columns of coef), when the model was fitted with them. */
  featureNames?: string[];
  /** How the model was fitted; absent for models built elsewhere. */
  training?: Record<string, unknown>;
  /** What inference needs (unpenalised fits only); read and checked by LogisticRegression.fromJSON; Predictor keeps it unread and writes it back. */
  statistics?: StatisticsJSON;
  /** How the features are built from table columns (written by the CLI); checked by LogisticRegression.fromJSON; Predictor keeps it unread and writes it back. */
  preprocessing?: PreprocessingJSON;
}

/** Parsed and checked parts of a saved model. */
export interface ModelParts {
  /** Sorted class labels. */
  classes: Label[];
  /** Number of features. */
  nFeatures: number;
  /** Whether the model has intercepts. */
  fitIntercept: boolean;
  /** Compact layout θ[k(d+1) + j]: intercept at j = 0. */
  theta: Float64Array;
  /** The names of the d features, when known. */
  featureNames?: readonly string[];
  /** How the model was fitted (options, iterations, …), when known. */
  training?: Record<string, unknown>;
}

/** The saved-model object for checked parts. */
export function partsToJSON(parts: ModelParts, libraryVersion: string): ModelJSON {
  const { classes, nFeatures: d, theta } = parts;
  const m = d + 1;
  return {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    libraryVersion,
    classes: [...classes],
    nFeatures: d,
    fitIntercept: parts.fitIntercept,
    coef: classes.map((_, k) => Array.from(theta.subarray(k * m + 1, (k + 1) * m))),
    intercept: classes.map((_, k) => theta[k * m]),
    ...(parts.featureNames ? { featureNames: [...parts.featureNames] } : {}),
    ...(parts.training ? { training: parts.training } : {}),
  };
}

/**
 * The caller's saved model as the library's own plain copy: JSON text parsed, or an object
 * snapshotted through JSON (every field read once, getters and proxies included; nothing of
 * the caller's kept, so changing it later changes nothing here). Cycles, bigints and text
 * that does not parse give INVALID_MODEL.
 */
export function readSavedModel(json: unknown): Record<string, unknown> {
  // What JSON.stringify would turn into something else: nothing (undefined, a function), or
  // an object of byte indices (a Buffer or Uint8Array of the file, not yet decoded).
  if (json === undefined || typeof json === "function" || typeof json === "symbol") {
    fail("INVALID_MODEL", `a model must be JSON text or a parsed object, got ${describe(json)}`);
  }
  if (ArrayBuffer.isView(json) || json instanceof ArrayBuffer) {
    fail("INVALID_MODEL", `a model must be JSON text or a parsed object, got ${describe(json)}: decode the bytes first (new TextDecoder().decode(bytes))`);
  }
  let o: unknown;
  try {
    // A leading byte-order mark (Windows editors save JSON with one) is encoding, not text:
    // strip one, as Node's JSON module loader does; any other U+FEFF still fails to parse.
    o = JSON.parse(typeof json === "string" ? json.replace(/^\uFEFF/, "") : (JSON.stringify(json) ?? "null"));
  } catch (e) {
    const what = typeof json === "string" ? "model JSON does not parse (truncated or corrupted?)" : "the model object is not plain JSON data";
    fail("INVALID_MODEL", `${what}: ${(e as Error).message}`);
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) fail("INVALID_MODEL", `a model must be a JSON object, got ${describe(o)}`);
  return o as Record<string, unknown>;
}

/** Check the parts of a saved model (as readSavedModel returned it). */
export function partsFromJSON(m: Record<string, unknown>): ModelParts {
  if (m.format !== FORMAT) fail("INVALID_MODEL", `not a softmax-regression model (format is ${describe(m.format)})`);
  if (m.formatVersion !== FORMAT_VERSION) {
    fail("INVALID_MODEL", `unsupported model formatVersion ${describe(m.formatVersion)}; this library reads version ${FORMAT_VERSION}`);
  }
  if (m.libraryVersion !== undefined && typeof m.libraryVersion !== "string") {
    fail("INVALID_MODEL", `model field libraryVersion must be a string, got ${describe(m.libraryVersion)}`);
  }
  const d = m.nFeatures;
  if (!Number.isSafeInteger(d) || (d as number) < 1) fail("INVALID_MODEL", `model field nFeatures must be a positive integer, got ${describe(d)}`);
  const nFeatures = d as number;
  const fitIntercept = m.fitIntercept;
  if (typeof fitIntercept !== "boolean") fail("INVALID_MODEL", `model field fitIntercept must be true or false, got ${describe(fitIntercept)}`);
  const classes = checkClasses(m.classes);
  const K = classes.length;
  const coef = m.coef;
  if (!Array.isArray(coef) || coef.length !== K) fail("INVALID_MODEL", `model field coef must have ${K} rows (one per class), got ${describe(coef)}`);
  const intercept = m.intercept;
  if (!Array.isArray(intercept) || intercept.length !== K) {
    fail("INVALID_MODEL", `model field intercept must have ${K} values, got ${describe(intercept)}`);
  }
  // Every shape before any allocation: a tampered nFeatures must not size an array.
  coef.forEach((row, k) => {
    if (!Array.isArray(row) || row.length !== nFeatures) fail("INVALID_MODEL", `model coef row ${k} must have ${nFeatures} values, got ${describe(row)}`);
  });
  const theta = new Float64Array(K * (nFeatures + 1));
  for (let k = 0; k < K; k++) {
    const row = coef[k] as unknown[];
    theta[k * (nFeatures + 1)] = finite(intercept[k], `intercept[${k}]`);
    if (!fitIntercept && theta[k * (nFeatures + 1)] !== 0) fail("INVALID_MODEL", `model has fitIntercept false but intercept[${k}] is not 0`);
    for (let j = 0; j < nFeatures; j++) theta[k * (nFeatures + 1) + 1 + j] = finite(row[j], `coef[${k}][${j}]`);
  }
  const training = m.training;
  if (training !== undefined && (typeof training !== "object" || training === null || Array.isArray(training))) {
    fail("INVALID_MODEL", `model field training must be an object, got ${describe(training)}`);
  }
  const featureNames = m.featureNames === undefined ? undefined : checkFeatureNames(m.featureNames, nFeatures, "model field featureNames", "INVALID_MODEL");
  return { classes, nFeatures, fitIntercept, theta, training: training as Record<string, unknown> | undefined, ...(featureNames ? { featureNames } : {}) };
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) fail("INVALID_MODEL", `model ${where} must be a finite number, got ${describe(v)}`);
  return v;
}

function checkClasses(classes: unknown): Label[] {
  if (!Array.isArray(classes) || classes.length < 2) fail("INVALID_MODEL", `model field classes must list at least two classes, got ${describe(classes)}`);
  const kind = typeof classes[0];
  const seen = new Set<unknown>();
  classes.forEach((c, k) => {
    if ((typeof c !== "number" && typeof c !== "string") || typeof c !== kind || (typeof c === "number" && !Number.isFinite(c))) {
      fail("INVALID_MODEL", `model classes[${k}] is ${describe(c)}; classes must be all numbers or all strings`);
    }
    if (seen.has(c)) fail("INVALID_MODEL", `model classes[${k}] (${describe(c)}) is a duplicate`);
    seen.add(c);
  });
  return classes as Label[];
}
