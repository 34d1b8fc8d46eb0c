/**
 * A fitted model's prediction side: classes, coefficients, predict/predictProba/score and
 * the saved-model format. It pulls in no solver, so a predict-only bundle (an edge worker
 * scoring requests with a model trained elsewhere) stays small.
 */
import type { BackendName } from "../backends/backend.js";
import { ProbabilityEvaluator } from "../backends/chunked-probabilities.js";
import { getBackend } from "../backends/registry.js";
import { datasetHandle } from "../input/dataset-handle.js";
import { predictionSource, type PredictionInput } from "../input/prediction-input.js";
import { scoreLabels, type Label } from "../input/targets.js";
import type { Dataset } from "../objective/dataset.js";
import { fail } from "../util/errors.js";
import { VERSION } from "../util/version.js";
import { describe, oneOf } from "../input/checks.js";
import { partsFromJSON, partsToJSON, readSavedModel, type ModelJSON, type ModelParts } from "./model-format.js";

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
  private readonly backend: BackendName;

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
    const backend = oneOf(options.backend, "backend", ["wasm", "js"] as const, "wasm");
    return new Predictor(partsFromJSON(readSavedModel(json)), backend);
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

  /** Class probabilities, one row per sample, columns in `classes` order; every row sums to 1. */
  predictProba(X: PredictionInput | Dataset): number[][] {
    const { flat, rows } = this.probabilities(X);
    const K = this.classes.length;
    return Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * K, (i + 1) * K)));
  }

  /** Predicted labels, in the caller's own label values (ties go to the first class). */
  predict(X: PredictionInput | Dataset): L[] {
    const { flat, rows } = this.probabilities(X);
    const K = this.classes.length;
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
    return partsToJSON(this.parts, VERSION) as ModelJSON<L>;
  }

  /** Free the kernel memory kept for predictions (the model stays usable). */
  dispose(): void {
    if (this.evaluator) {
      reclaim?.unregister(this);
      this.evaluator.release();
      this.evaluator = undefined;
    }
  }

  private probabilities(X: PredictionInput | Dataset): { flat: Float64Array; rows: number } {
    const dataset = datasetHandle(X);
    let flat: Float64Array;
    if (dataset) {
      if (dataset.cols !== this.nFeatures) {
        fail("FEATURE_MISMATCH", `the Dataset has ${dataset.cols} features (columns) but the model was fitted with ${this.nFeatures}`);
      }
      flat = dataset.probabilities(this.parts.theta, this.classes.length);
    } else {
      const matrix = predictionSource(X, this.nFeatures, this.featureNames);
      if (matrix.rows === 0) return { flat: new Float64Array(0), rows: 0 };
      if (!this.evaluator) {
        const { theta, nFeatures } = this.parts;
        this.evaluator = new ProbabilityEvaluator(getBackend(this.backend), theta, this.classes.length, nFeatures);
        reclaim?.register(this, this.evaluator, this);
      }
      flat = this.evaluator.evaluate(matrix);
    }
    // Logits overflow float64 only for features far outside anything the model was fitted on.
    for (let i = 0; i < flat.length; i++) {
      if (!Number.isFinite(flat[i])) {
        const row = Math.floor(i / this.classes.length);
        fail("NUMERICAL", `X row ${row}: the logits overflow float64 (features too large for this model's coefficients)`);
      }
    }
    return { flat, rows: flat.length / this.classes.length };
  }
}
