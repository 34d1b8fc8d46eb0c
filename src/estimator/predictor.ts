/**
 * A fitted model's prediction side: classes, coefficients, predict/predictProba/score and
 * the saved-model format. It pulls in no solver, so a predict-only bundle (an edge worker
 * scoring requests with a model trained elsewhere) stays small.
 */
import type { BackendName } from "../backends/backend.js";
import { ProbabilityEvaluator, type PredictionKind } from "../backends/chunked-probabilities.js";
import { getBackend } from "../backends/registry.js";
import { describe, rejectUnknownKeys } from "../input/checks.js";
import { toMatrix, type Matrix, type MatrixInput } from "../input/matrix.js";
import type { Label } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { VERSION } from "../util/version.js";
import { partsFromJSON, partsToJSON, type ModelJSON, type ModelParts } from "./model-format.js";

/**
 * Frees a dropped predictor's kernel memory when it is garbage-collected. Cloudflare
 * Workers before compatibility date 2025-05-05 have no FinalizationRegistry; there a
 * dropped model keeps its small prediction buffers (dispose() still frees them).
 */
const reclaim =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<ProbabilityEvaluator>((evaluator) => evaluator.release())
    : undefined;

/**
 * The prediction side of a fitted model: classes, coefficients and predict/predictProba/score.
 * `Predictor.fromJSON(saved)` loads a model saved by `LogisticRegression`.
 */
export class Predictor {
  /** Class labels in sorted order: the columns of predictProba. */
  readonly classes: readonly Label[];
  /** Number of features the model was fitted with. */
  readonly nFeatures: number;
  private readonly parts: ModelParts;
  private evaluator?: ProbabilityEvaluator;
  private readonly backend: BackendName;

  /** Prefer `Predictor.fromJSON`; this takes already checked parts. */
  constructor(parts: ModelParts, backend: BackendName = "wasm") {
    this.parts = parts;
    this.classes = Object.freeze([...parts.classes]);
    this.nFeatures = parts.nFeatures;
    this.backend = backend;
  }

  /** Load a model saved with `toJSON` (JSON text or the parsed object). */
  static fromJSON(json: unknown, options: { backend?: BackendName } = {}): Predictor {
    return new Predictor(partsFromJSON(json), options.backend);
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
  predictProba(X: MatrixInput): number[][];
  predictProba(X: MatrixInput, output: FlatOutput): Float64Array;
  predictProba(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("probabilities", X, output);
  }

  /**
   * Log-probabilities, computed from the logits as z − logsumexp(z): finite whenever the logits
   * are (an underflowing probability has a finite log, never −Infinity). Same output forms as
   * predictProba.
   */
  predictLogProba(X: MatrixInput): number[][];
  predictLogProba(X: MatrixInput, output: FlatOutput): Float64Array;
  predictLogProba(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("logProbabilities", X, output);
  }

  /** The logits b_k + W_kᵀx (scikit-learn's decision_function). Same output forms as predictProba. */
  decisionFunction(X: MatrixInput): number[][];
  decisionFunction(X: MatrixInput, output: FlatOutput): Float64Array;
  decisionFunction(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return this.outputs("logits", X, output);
  }

  /** Predicted labels, in the caller's own label values (ties go to the first class). */
  predict(X: MatrixInput): Label[] {
    const { flat, rows } = this.evaluate("probabilities", toMatrix(X, "X", this.nFeatures));
    const K = this.classes.length;
    const labels: Label[] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (flat[i * K + k] > flat[i * K + best]) best = k;
      labels[i] = this.classes[best];
    }
    return labels;
  }

  /** Accuracy: the fraction of rows whose predicted label equals y (labels unknown to the model count as wrong). */
  score(X: MatrixInput, y: ArrayLike<Label>): number {
    const predicted = this.predict(X);
    if (!y || typeof y !== "object" || y.length !== predicted.length) {
      fail("INVALID_Y", `y must hold ${predicted.length} labels (one per row of X), got ${describe(y)}`);
    }
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) correct++;
    return correct / predicted.length;
  }

  /** The saved-model object; `JSON.stringify(model)` calls it. */
  toJSON(): ModelJSON {
    return partsToJSON(this.parts, VERSION);
  }

  /** Free the kernel memory kept for predictions (the model stays usable). */
  dispose(): void {
    if (this.evaluator) {
      reclaim?.unregister(this);
      this.evaluator.release();
      this.evaluator = undefined;
    }
  }

  /** One prediction method: the values of `kind` as rows, or flat into `output`. */
  private outputs(kind: PredictionKind, X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    const { out, flat: wantFlat } = output === undefined ? { out: undefined, flat: false } : readFlatOutput(output);
    const matrix = toMatrix(X, "X", this.nFeatures);
    const K = this.classes.length;
    const length = matrix.rows * K;
    if (out !== undefined && out.length !== length) {
      fail("INVALID_ARGUMENT", `out must be a Float64Array of rows × classes = ${matrix.rows} × ${K} = ${length} values, got length ${out.length}`);
    }
    if (out !== undefined || wantFlat) return this.evaluate(kind, matrix, out).flat;
    const { rows, bad } = this.ensureEvaluator().evaluateRows(matrix, kind);
    if (bad >= 0) overflow(kind, bad);
    return rows;
  }

  private evaluate(kind: PredictionKind, matrix: Matrix, out: Float64Array = new Float64Array(matrix.rows * this.classes.length)): { flat: Float64Array; rows: number } {
    const bad = this.ensureEvaluator().evaluate(matrix, kind, out);
    if (bad >= 0) overflow(kind, bad);
    return { flat: out, rows: matrix.rows };
  }

  /** The kernel-memory side of predictions, made on first use. */
  private ensureEvaluator(): ProbabilityEvaluator {
    if (!this.evaluator) {
      const { theta, nFeatures } = this.parts;
      this.evaluator = new ProbabilityEvaluator(getBackend(this.backend), theta, this.classes.length, nFeatures);
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
  if (typeof output !== "object" || output === null) fail("INVALID_OPTION", `the output options must be an object ({ out } or { flat: true }), got ${describe(output)}`);
  rejectUnknownKeys(output as Record<string, unknown>, FLAT_OUTPUT_KEYS, "output option");
  const { out, flat } = output;
  if (out !== undefined && !(out instanceof Float64Array)) fail("INVALID_ARGUMENT", `out must be a Float64Array, got ${describe(out)}`);
  if (flat !== undefined && typeof flat !== "boolean") fail("INVALID_OPTION", `output option flat must be a boolean, got ${describe(flat)}`);
  return { out, flat: flat ?? false };
}
