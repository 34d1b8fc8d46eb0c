/**
 * A fitted model's prediction side: classes, coefficients, predict/predictProba/score and
 * the saved-model format. It pulls in no solver, so a predict-only bundle (an edge worker
 * scoring requests with a model trained elsewhere) stays small.
 */
import type { BackendName } from "../backends/backend.js";
import { ProbabilityEvaluator, type PredictionKind } from "../backends/chunked-probabilities.js";
import { SparseProbabilityEvaluator } from "../backends/chunked-sparse-probabilities.js";
import { isCsrInput } from "../input/csr-matrix.js";
import { logSoftmaxRows } from "../backends/log-softmax-rows.js";
import { backendFor } from "../backends/registry.js";
import { describe, oneOf, ownOptions, rejectUnknownKeys, typedLength } from "../input/checks.js";
import { datasetHandle } from "../input/dataset-handle.js";
import { designSource, type CsrSource, type MatrixSource } from "../input/matrix.js";
import { oneRecordAsBatch, predictionSource, type PredictionInput } from "../input/prediction-input.js";
import { scoreLabels, type Label } from "../input/targets.js";
import type { Dataset } from "../objective/dataset.js";
import { fail } from "../util/errors.js";
import { VERSION } from "../util/version.js";
import { partsToJSON, type ModelJSON, type ModelParts } from "./model-format.js";
import { readModel } from "./saved-model.js";

/**
 * Frees a dropped predictor's kernel memory when it is garbage-collected. Cloudflare
 * Workers before compatibility date 2025-05-05 have no FinalizationRegistry; there a
 * dropped model keeps its small prediction buffers (dispose() still frees them).
 */
const reclaim =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<{ release(): void }>((evaluator) => evaluator.release())
    : undefined;

/**
 * The prediction side of a fitted model: classes, coefficients and predict/predictProba/score.
 * `Predictor.fromJSON(saved)` loads a model saved by `LogisticRegression`. `L` is the type of
 * the class labels, which `predict` returns: known from a typed saved model, else `Label`.
 */
export class Predictor<L extends Label = Label> {
  /** Class labels in sorted order: the columns of predictProba. */
  readonly classes: readonly L[];
  /** Number of features the model was fitted with. */
  readonly nFeatures: number;
  /** The features' names (the columns of coef), when the model was fitted with them. */
  readonly featureNames?: readonly string[];
  private readonly parts: ModelParts;
  private evaluator?: ProbabilityEvaluator;
  /** The evaluator of CSR rows, made on the first sparse prediction. */
  private sparseEvaluator?: SparseProbabilityEvaluator;
  private readonly backend: BackendName;
  /**
   * The saved model's `statistics` and `preprocessing`, as read (plain JSON): the Predictor
   * does not use them, but its toJSON writes them back, so loading and saving a model through
   * it keeps them for LogisticRegression.fromJSON (which checks them).
   */
  private kept: Pick<ModelJSON, "statistics" | "preprocessing"> = {};

  /** Prefer `Predictor.fromJSON`; this takes already checked parts. */
  constructor(parts: ModelParts, backend: BackendName = "wasm") {
    this.parts = parts;
    // The caller vouches for L (fromJSON infers it from a typed saved model).
    this.classes = Object.freeze([...parts.classes]) as readonly L[];
    this.nFeatures = parts.nFeatures;
    if (parts.featureNames) this.featureNames = Object.freeze([...parts.featureNames]);
    this.backend = backend;
  }

  /** Load a model saved with `toJSON` (JSON text or the parsed object); a typed saved model keeps its label type. */
  static fromJSON<L extends Label>(json: ModelJSON<L>, options?: { backend?: BackendName }): Predictor<L>;
  static fromJSON(json: unknown, options?: { backend?: BackendName }): Predictor;
  static fromJSON(json: unknown, options: { backend?: BackendName } = {}): Predictor {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      fail("INVALID_OPTION", `Predictor.fromJSON options must be a plain object, got ${describe(options)}`);
    }
    // Its one option, checked without the suggestion machinery of the estimator's options.
    for (const key of Object.keys(options)) if (key !== "backend") fail("INVALID_OPTION", `unknown Predictor.fromJSON option "${key}"; allowed: backend`);
    const backend = oneOf(ownOptions(options).backend, "backend", ["wasm", "js"] as const, "wasm");
    // The loader LogisticRegression.fromJSON runs: a model it refuses as tampered is refused here too.
    const { parsed: saved, parts } = readModel(json);
    const predictor = new Predictor(parts, backend);
    for (const key of ["statistics", "preprocessing"] as const) if (saved[key] !== undefined) predictor.kept[key] = saved[key] as never;
    return predictor;
  }

  /** Weights, K rows × d (scikit-learn's coef_ layout). */
  get coef(): number[][] {
    const { theta, nFeatures: d } = this.parts;
    return this.classes.map((_, k) => Array.from(theta.subarray(k * (d + 1) + 1, (k + 1) * (d + 1))));
  }

  /** Intercepts, one per class. */
  get intercept(): number[] {
    const { theta, nFeatures: d } = this.parts;
    return this.classes.map((_, k) => theta[k * (d + 1)]);
  }

  /** The parameters in the compact class-major layout θ[k(d+1) + j] (a copy). */
  get theta(): Float64Array {
    return Float64Array.from(this.parts.theta);
  }

  /**
   * Class probabilities, one row per sample, columns in `classes` order; every row sums to 1.
   * With `{ out }` (a Float64Array of rows·K) or `{ flat: true }` the same values come row-major
   * in one Float64Array, which is much faster for large batches than n small arrays.
   */
  predictProba(X: PredictionInput | Dataset): number[][];
  predictProba(X: PredictionInput | Dataset, output: FlatOutput): Float64Array;
  predictProba(X: PredictionInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("probabilities", X, output);
  }

  /**
   * Log-probabilities, computed from the logits as z − logsumexp(z): finite whenever the logits
   * are (an underflowing probability has a finite log, never −Infinity). Same output forms as
   * predictProba.
   */
  predictLogProba(X: PredictionInput | Dataset): number[][];
  predictLogProba(X: PredictionInput | Dataset, output: FlatOutput): Float64Array;
  predictLogProba(X: PredictionInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("logProbabilities", X, output);
  }

  /** The logits b_k + W_kᵀx (scikit-learn's decision_function). Same output forms as predictProba. */
  decisionFunction(X: PredictionInput | Dataset): number[][];
  decisionFunction(X: PredictionInput | Dataset, output: FlatOutput): Float64Array;
  decisionFunction(X: PredictionInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("logits", X, output);
  }

  /** Predicted labels, in the caller's own label values (ties go to the first class). */
  predict(X: PredictionInput | Dataset, ...rest: never[]): L[] {
    refuseSecondArgument(rest);
    const flat = this.flatOutputs("probabilities", X);
    const rows = flat.length / this.classes.length;
    const K = this.classes.length;
    checkBatch(rows, K, false);
    const labels: L[] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (flat[i * K + k] > flat[i * K + best]) best = k;
      labels[i] = this.classes[best];
    }
    return labels;
  }

  /**
   * Accuracy: the fraction of rows whose predicted label equals y. Labels must be of the
   * classes' kind (numbers or strings: INVALID_Y otherwise); labels of that kind the model
   * does not know count as wrong.
   */
  score(X: PredictionInput | Dataset, y: ArrayLike<Label>): number {
    const predicted = this.predict(X);
    if (predicted.length === 0) fail("INVALID_X", "X has no rows: accuracy needs at least one");
    const labels = scoreLabels(y, predicted.length, this.classes);
    let correct = 0;
    // -0 and 0 are one class, as in fit.
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
    return correct / predicted.length;
  }

  /** The saved-model object; `JSON.stringify(model)` calls it. */
  toJSON(): ModelJSON<L> {
    // A copy of the kept fields: the caller may change what toJSON returns.
    return { ...partsToJSON(this.parts, VERSION), ...(JSON.parse(JSON.stringify(this.kept)) as typeof this.kept) } as ModelJSON<L>;
  }

  /** Free the kernel memory kept for predictions (the model stays usable). */
  dispose(): void {
    if (this.evaluator) {
      reclaim?.unregister(this);
      this.evaluator.release();
      this.evaluator = undefined;
    }
    if (this.sparseEvaluator) {
      reclaim?.unregister(this.sparseEvaluator);
      this.sparseEvaluator.release();
      this.sparseEvaluator = undefined;
    }
  }

  /** One prediction method: the values of `kind` as rows, or flat into `output`. */
  private outputs(kind: PredictionKind, X: PredictionInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    X = oneRecordAsBatch(X, this.featureNames) as PredictionInput;
    const { out, flat } = output === undefined ? { out: undefined, flat: false } : readFlatOutput(output);
    if (out !== undefined || flat) return this.flatOutputs(kind, X, out);
    const source = this.source(X);
    if (!source) return toRows(this.flatOutputs(kind, X), this.classes.length);
    checkBatch(source.rows, this.classes.length, false);
    const { rows, bad } = this.ensureEvaluator().evaluateRows(source, kind);
    if (bad >= 0) overflow(kind, bad);
    return rows;
  }

  /** Row-major n×K values of `kind`, into `out` when given (its length checked against X). */
  private flatOutputs(kind: PredictionKind, X: PredictionInput | Dataset, out?: Float64Array): Float64Array {
    X = oneRecordAsBatch(X, this.featureNames) as PredictionInput;
    const K = this.classes.length;
    const dataset = datasetHandle(X);
    if (dataset) {
      if (dataset.cols !== this.nFeatures) {
        fail("FEATURE_MISMATCH", `the Dataset has ${dataset.cols} features (columns) but the model was fitted with ${this.nFeatures}`);
      }
      checkBatch(dataset.rows, K, true);
      checkOutLength(out, dataset.rows, K);
      const values = dataset.probabilities(this.parts.theta, K, kind);
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) overflow(kind, Math.floor(i / K));
      if (!out) return values;
      checkOutKept(out, values.length / K, K);
      out.set(values);
      return out;
    }
    if (isCsrInput(X)) {
      const csr = designSource(X, "X", this.nFeatures) as CsrSource;
      checkBatch(csr.rows, K, true);
      checkOutLength(out, csr.rows, K);
      const values = this.sparseOutputs(kind, csr);
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) overflow(kind, Math.floor(i / K));
      if (!out) return values;
      checkOutKept(out, values.length / K, K);
      out.set(values);
      return out;
    }
    const source = predictionSource(X, this.nFeatures, this.featureNames);
    checkBatch(source.rows, K, true);
    checkOutLength(out, source.rows, K);
    // The values are written a chunk of rows at a time, while later rows are still to be read:
    // an out in the buffer X is read from (out shifted a row past X) would overwrite them, so
    // such an out is filled at the end.
    const staged = out !== undefined && source.storage !== undefined && source.storage.buffer === out.buffer;
    const result = out && !staged ? out : new Float64Array(source.rows * K);
    const bad = this.ensureEvaluator().evaluate(source, kind, result);
    if (out) checkOutKept(out, source.rows, K);
    if (bad >= 0) overflow(kind, bad);
    if (staged) {
      out.set(result);
      return out;
    }
    return result;
  }

  /** X opened as a matrix source, or undefined for a Dataset or CSR (flat outputs, then rows). */
  private source(X: PredictionInput | Dataset): MatrixSource | undefined {
    return datasetHandle(X) || isCsrInput(X) ? undefined : predictionSource(X, this.nFeatures, this.featureNames);
  }

  /** Row-major n×K values of `kind` for CSR rows: the sparse kernels' probabilities or logits. */
  private sparseOutputs(kind: PredictionKind, X: CsrSource): Float64Array {
    if (X.rows === 0) return new Float64Array(0);
    if (!this.sparseEvaluator) {
      const { theta, nFeatures } = this.parts;
      this.sparseEvaluator = new SparseProbabilityEvaluator(backendFor(this.backend, "predict"), theta, this.classes.length, nFeatures);
      reclaim?.register(this, this.sparseEvaluator, this.sparseEvaluator);
    }
    if (kind === "probabilities") return this.sparseEvaluator.evaluate(X);
    const logits = this.sparseEvaluator.evaluate(X, true);
    return kind === "logits" ? logits : logSoftmaxRows(logits, this.classes.length);
  }

  /** The kernel-memory side of predictions, made on first use. */
  private ensureEvaluator(): ProbabilityEvaluator {
    if (!this.evaluator) {
      const { theta, nFeatures } = this.parts;
      this.evaluator = new ProbabilityEvaluator(backendFor(this.backend, "predict"), theta, this.classes.length, nFeatures);
      reclaim?.register(this, this.evaluator, this);
    }
    return this.evaluator;
  }
}

/**
 * Logits overflow float64 only for features far outside anything the model was fitted on (and
 * z − lse only when the logits of one row lie ~1e308 apart).
 */
function overflow(kind: PredictionKind, row: number): never {
  const what = kind === "logProbabilities" ? "the log-probabilities overflow" : "the logits overflow";
  fail("NUMERICAL", `X row ${row}: ${what} float64 (features too large for this model's coefficients)`);
}

/** Rows of K numbers from a flat row-major array. */
/** The most rows a prediction returns as an array (a JavaScript array holds about 2²⁷ elements). */
const MAX_ROWS_OUT = 100_000_000;
/** The most values a flat prediction returns in one Float64Array. */
const MAX_FLAT_OUT = 2 ** 31 - 1;

/** TOO_LARGE, not a raw RangeError, when the predictions of `rows` rows cannot be returned in one array. */
function checkBatch(rows: number, K: number, flat: boolean): void {
  if (flat ? rows * K > MAX_FLAT_OUT : rows > MAX_ROWS_OUT) {
    fail("TOO_LARGE", flat
      ? `the predictions of ${rows} rows × ${K} classes would be ${rows * K} values, more than one Float64Array returns (${MAX_FLAT_OUT}); predict in batches`
      : `the predictions of ${rows} rows would be an array of ${rows}, more than one call returns (${MAX_ROWS_OUT}); predict in batches (or with { flat: true })`);
  }
}

function toRows(flat: Float64Array, K: number): number[][] {
  checkBatch(flat.length / K, K, false);
  const rows: number[][] = new Array(flat.length / K);
  for (let i = 0, at = 0; i < rows.length; i++) {
    const row: number[] = new Array(K);
    for (let k = 0; k < K; k++) row[k] = flat[at++];
    rows[i] = row;
  }
  return rows;
}

/** Where the flat forms of the prediction methods put their rows·K values (row-major). */
export interface FlatOutput {
  /** Fill this array (length rows·K) and return it. */
  out?: Float64Array;
  /** Return a new Float64Array instead of rows of numbers. */
  flat?: boolean;
}

const FLAT_OUTPUT_KEYS = ["out", "flat"] as const;

/** The output options, each read once and checked. */
function readFlatOutput(output: FlatOutput): { out: Float64Array | undefined; flat: boolean } {
  if (ArrayBuffer.isView(output)) fail("INVALID_OPTION", `the output options must be an object: pass the array as { out }, got ${describe(output)}`);
  // An array is no options object (its inherited "flat" is Array.prototype.flat).
  if (typeof output !== "object" || output === null || Array.isArray(output)) fail("INVALID_OPTION", `the output options must be an object ({ out } or { flat: true }), got ${describe(output)}`);
  rejectUnknownKeys(output as Record<string, unknown>, FLAT_OUTPUT_KEYS, "output option");
  output = ownOptions(output);
  const { out, flat } = output;
  if (out !== undefined && !(out instanceof Float64Array)) fail("INVALID_ARGUMENT", `out must be a Float64Array, got ${describe(out)}`);
  if (flat !== undefined && typeof flat !== "boolean") fail("INVALID_OPTION", `output option flat must be a boolean, got ${describe(flat)}`);
  return { out, flat: flat ?? false };
}

function checkOutLength(out: Float64Array | undefined, rows: number, K: number): void {
  // The intrinsic length (an own `length` of the caller's may lie; writes past the real end
  // would be dropped silently, or set() would throw a raw RangeError).
  const length = out === undefined ? rows * K : typedLength(out);
  if (length !== rows * K) {
    fail("INVALID_ARGUMENT", `out must be a Float64Array of rows × classes = ${rows} × ${K} = ${rows * K} values, got length ${length}`);
  }
}

/**
 * `out` still holds rows·K values after the caller's code ran (a getter of X's, read while the
 * rows are scored, may shrink or detach out's buffer: the values written past its new end would
 * be lost silently).
 */
function checkOutKept(out: Float64Array, rows: number, K: number): void {
  const length = typedLength(out);
  if (length !== rows * K) fail("INVALID_ARGUMENT", `out holds ${length} values now, not the ${rows * K} (rows × classes) it held when the call began: its buffer was shrunk or detached during the call`);
}

/** predict(X) takes no output options: `predict(X, { flat: true })` would silently give rows of labels. */
export function refuseSecondArgument(rest: readonly unknown[]): void {
  if (rest.length > 0 && rest[0] !== undefined) {
    fail("INVALID_ARGUMENT", "predict(X) takes one argument (labels are one per row); for flat probabilities use predictProba(X, { flat: true }) or { out }");
  }
}
