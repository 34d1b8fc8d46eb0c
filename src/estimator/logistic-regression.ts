/**
 * LogisticRegression: the public estimator. It validates everything before touching its
 * state, fits through fit/fit.ts, and keeps the fitted model in a Predictor, which it swaps
 * in only when a fit succeeds, so a failed or aborted fit leaves it as it was.
 */
import { fit, fitSync, type FitOutcome } from "../fit/fit.js";
import type { DriveControls } from "../fit/drive.js";
import { describe, rejectUnknownKeys } from "../input/checks.js";
import type { MatrixInput } from "../input/matrix.js";
import type { Dataset } from "../objective/dataset.js";
import { MAX_THREADS_OPTION, resolveOptions, type FittedSolver, type LogisticRegressionOptions, type ResolvedOptions } from "../input/options.js";
import type { Label, TargetInput } from "../input/targets.js";
import { readTrainingSet, type TrainingSet } from "../input/training-set.js";
import { PRIVATE_CAPACITY } from "../backends/placement.js";
import { assertShapeFits } from "../objective/kernel-bytes.js";
import type { IterationReport } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import { fitInfoFromJSON, type FitInfo } from "./fit-info.js";
import { partsFromJSON, readSavedModel, type ModelJSON } from "./model-format.js";
import { Predictor } from "./predictor.js";
import type { FitStatistics } from "../inference/fit-statistics.js";
import { computeInference, type InferenceOptions, type InferenceResult } from "../inference/inference.js";
import { statisticsFromSavedModel, statisticsToJSON } from "../inference/statistics-json.js";
import { formatSummary } from "../inference/summary.js";
import { modelJSONFromSklearn, sklearnFromModel, type SklearnOptions, type SklearnParameters } from "../interchange/sklearn.js";

/** Per-call options of fit. */
export interface FitOptions {
  /** One non-negative weight per row; the loss is the weighted mean. */
  sampleWeight?: ArrayLike<number>;
  /** Cancels the fit; the model keeps its previous state and fit rejects with code ABORTED. */
  signal?: AbortSignal;
  /** Called after every iteration (epoch for SGD) with the loss and max |gradient|. */
  onIteration?: (report: IterationReport) => void;
}

export type { FitInfo, IterationReport };

/**
 * The y a model with labels of type L can be fitted to: those labels, or (when L admits
 * every number, as the default Label does) an N×K matrix of probabilities, whose classes are
 * 0 … K−1. Written as a conditional distributed over L so that LogisticRegression stays
 * covariant in L (a LogisticRegression<string> is a LogisticRegression).
 */
export type TargetsFor<L extends Label> = ArrayLike<L> | (L extends number ? (number extends L ? MatrixInput : never) : never);

const FIT_OPTIONS = ["sampleWeight", "signal", "onIteration"] as const;

interface ValidatedInput {
  data: TrainingSet;
  controls: DriveControls;
}

/**
 * Multinomial (softmax) logistic regression. Construct with options, `await fit(X, y)`, then
 * `predict`, `predictProba` and `score`; `JSON.stringify(model)` saves it and
 * `LogisticRegression.fromJSON` restores it bit for bit.
 *
 * `L` is the type of the class labels: `new LogisticRegression<string>()` fits only string
 * labels and its `predict` returns `string[]`; the default, `Label`, takes numbers or strings.
 */
export class LogisticRegression<L extends Label = Label> {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
  private fitted?: { predictor: Predictor<L>; info: FitInfo; statistics?: FitStatistics };
  private fitting = false;

  /** Validates the options (INVALID_OPTION, with a suggestion for a misspelt name) and fills in defaults. */
  constructor(options: LogisticRegressionOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
  }

  /**
   * Fit to X (number[][], { data, rows, cols } or a Dataset) and y (labels or an N×K
   * probability matrix). X is read and checked in this call, before it returns its promise:
   * changing X afterwards does not affect the fit.
   */
  async fit(X: MatrixInput | Dataset, y: TargetsFor<L>, fitOptions: FitOptions = {}): Promise<this> {
    const input = this.validate(X, y, fitOptions);
    this.fitting = true;
    try {
      this.adopt(await fit(input.data, this.options, input.controls), input.data);
      return this;
    } finally {
      this.fitting = false;
    }
  }

  /**
   * The same as fit, synchronously (no progress yielding; prefer fit in pages and servers).
   * With `threads`, it uses a pool only if an earlier async fit started one.
   */
  fitSync(X: MatrixInput | Dataset, y: TargetsFor<L>, fitOptions: FitOptions = {}): this {
    const input = this.validate(X, y, fitOptions);
    this.fitting = true;
    try {
      this.adopt(fitSync(input.data, this.options, input.controls), input.data);
      return this;
    } finally {
      this.fitting = false;
    }
  }

  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba(X: MatrixInput | Dataset): number[][] {
    return this.model().predictProba(X);
  }

  /** Predicted labels, in the caller's own label values. */
  predict(X: MatrixInput | Dataset): L[] {
    return this.model().predict(X);
  }

  /** Accuracy on (X, y). */
  score(X: MatrixInput | Dataset, y: ArrayLike<Label>): number {
    return this.model().score(X, y);
  }

  /** Sorted class labels (the columns of predictProba). */
  get classes(): L[] {
    return [...this.model().classes];
  }
  /** Weights, K rows × d (scikit-learn's coef_ layout). */
  get coef(): number[][] {
    return this.model().coef;
  }
  /** Intercepts, one per class (zeros when fitIntercept is false). */
  get intercept(): number[] {
    return this.model().intercept;
  }
  /**
   * All parameters as one vector (a copy), in the compact class-major layout that
   * createObjective and `onIteration` use: θ[k(d+1)] = b_k, θ[k(d+1) + 1 + j] = W[j][k]
   * (= coef[k][j]).
   */
  get theta(): Float64Array {
    return this.model().theta;
  }
  /**
   * The solver the last fit ran: "auto" and "newton" resolve to "newton-cholesky",
   * "newton-cg" or "lbfgs"; every name is also a `solver` option. Undefined for a model
   * loaded from JSON that does not record it.
   */
  get solver(): FittedSolver | undefined {
    return this.info().solver;
  }
  /** Iterations of the last fit (epochs for SGD). */
  get nIter(): number {
    return this.info().iterations;
  }
  /** Whether the last fit reached max |gradient| ≤ tol. */
  get converged(): boolean {
    return this.info().converged;
  }
  /** Why the last fit stopped. */
  get stopReason(): string {
    return this.info().reason;
  }
  /** Objective value after every iteration of the last fit (first entry: the start). */
  get lossHistory(): number[] {
    return [...this.info().lossHistory];
  }
  /** Fallbacks the solver took in the last fit. */
  get warnings(): string[] {
    return [...this.info().warnings];
  }
  /** Whether fit has succeeded (or the model was loaded). */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /**
   * Standard errors, z, p-values, intervals and likelihood statistics against a reference
   * class (statsmodels' MNLogit quantities). Needs an unpenalised fit (l2: 0); works on a
   * model loaded from JSON. See the README's Inference section.
   */
  inference(options?: InferenceOptions): InferenceResult {
    const predictor = this.model();
    return computeInference(
      { classes: predictor.classes, nFeatures: predictor.nFeatures, fitIntercept: this.options.fitIntercept, theta: predictor.theta, penalties: { l2: this.options.l2 } },
      this.fitted?.statistics,
      options,
    );
  }

  /** The inference as a text table laid out like statsmodels' MNLogitResults.summary(). */
  summary(options?: InferenceOptions): string {
    return formatSummary(this.inference(options), this.model().classes.length);
  }

  /** The saved model: `JSON.stringify(model)`; restore with `LogisticRegression.fromJSON`. */
  toJSON(): ModelJSON<L> {
    const json = this.model().toJSON();
    const statistics = this.fitted?.statistics;
    return {
      ...json,
      training: { options: { ...this.options }, ...this.info() },
      ...(statistics ? { statistics: statisticsToJSON(statistics, json.classes.length, json.nFeatures) } : {}),
    };
  }

  /**
   * Restore a model saved with toJSON (the text or the parsed object); it predicts
   * bit-identically. A typed saved model (`ModelJSON<string>`) keeps its label type.
   */
  static fromJSON<L extends Label>(json: ModelJSON<L>): LogisticRegression<L>;
  static fromJSON(json: unknown): LogisticRegression;
  static fromJSON(json: unknown): LogisticRegression {
    const parsed = readSavedModel(json);
    const parts = partsFromJSON(parsed);
    const saved = parts.training ?? {};
    const savedOptions = saved.options === undefined ? { fitIntercept: parts.fitIntercept } : saved.options;
    let options: ResolvedOptions;
    try {
      const threads = (savedOptions as { threads?: unknown }).threads;
      if (typeof threads === "number" && threads > MAX_THREADS_OPTION) {
        fail("INVALID_OPTION", `threads is ${threads}, more than the ${MAX_THREADS_OPTION} a model can be saved with`);
      }
      options = resolveOptions(savedOptions);
    } catch (e) {
      fail("INVALID_MODEL", `model training.options are invalid: ${(e as Error).message}`);
    }
    if (options.fitIntercept !== parts.fitIntercept) {
      fail("INVALID_MODEL", `model training.options.fitIntercept (${options.fitIntercept}) contradicts the model's fitIntercept (${parts.fitIntercept})`);
    }
    const model = new LogisticRegression(options);
    model.fitted = {
      predictor: new Predictor(parts, options.backend),
      info: fitInfoFromJSON(saved),
      statistics: statisticsFromSavedModel(parsed, parts.classes.length, parts.nFeatures, options.l2),
    };
    return model;
  }

  /**
   * A fitted model from scikit-learn's `coef_`, `intercept_` and `classes_` (as JSON lists;
   * the binary 1 × d form included: `binary: "sigmoid"` for scikit-learn's default binary
   * model, see SklearnOptions). It predicts scikit-learn's predict_proba.
   */
  static fromSklearn<L extends Label>(parameters: SklearnParameters<L>, options?: SklearnOptions): LogisticRegression<L> {
    return LogisticRegression.fromJSON(modelJSONFromSklearn(parameters, options));
  }

  /** scikit-learn's `coef_`, `intercept_` and `classes_` of this model (one row for two classes, read as `options.binary` says). */
  toSklearn(options?: SklearnOptions): SklearnParameters<L> {
    return sklearnFromModel(this.model(), options);
  }

  /** Free the kernel memory this model keeps for predictions. The model stays usable. */
  dispose(): void {
    this.fitted?.predictor.dispose();
  }

  /** The same as dispose(), for `using model = …`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Check everything a fit needs before any state changes. */
  private validate(X: MatrixInput | Dataset, y: TargetsFor<L>, fitOptions: FitOptions): ValidatedInput {
    if (this.fitting) fail("FIT_IN_PROGRESS", "fit is already running on this model; await it before fitting again");
    if (typeof fitOptions !== "object" || fitOptions === null) fail("INVALID_OPTION", `fit options must be an object, got ${describe(fitOptions)}`);
    rejectUnknownKeys(fitOptions as Record<string, unknown>, FIT_OPTIONS, "fit option");
    const { onIteration, signal } = fitOptions;
    if (onIteration !== undefined && typeof onIteration !== "function") {
      fail("INVALID_OPTION", `fit option onIteration must be a function, got ${describe(onIteration)}`);
    }
    if (signal !== undefined && !isAbortSignal(signal)) {
      fail("INVALID_OPTION", `fit option signal must be an AbortSignal (controller.signal), got ${describe(signal)}`);
    }
    const { dtype, backend } = this.options;
    const data = readTrainingSet(X, y as TargetInput, fitOptions.sampleWeight, (n, d) => assertShapeFits(n, d, dtype, backend, PRIVATE_CAPACITY));
    return { data, controls: { signal, onIteration } };
  }

  /** Swap in the new model (only now does the previous one go). */
  private adopt({ result, solver, warnings, statistics }: FitOutcome, data: TrainingSet): void {
    const previous = this.fitted;
    this.fitted = {
      // The labels come from y, which TargetsFor<L> typed.
      predictor: new Predictor<L>(
        { classes: data.targets.classes, nFeatures: data.X.cols, fitIntercept: this.options.fitIntercept, theta: result.theta },
        this.options.backend,
      ),
      info: {
        solver,
        iterations: result.iterations,
        converged: result.converged,
        reason: result.reason,
        lossHistory: result.lossHistory,
        warnings,
      },
      statistics,
    };
    previous?.predictor.dispose();
  }

  private model(): Predictor<L> {
    return this.fitted?.predictor ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }

  private info(): FitInfo {
    return this.fitted?.info ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }
}

/** An AbortSignal, also one from another realm or a compatible implementation: a boolean `aborted` and addEventListener. */
function isAbortSignal(v: unknown): v is AbortSignal {
  return typeof v === "object" && v !== null && typeof (v as AbortSignal).aborted === "boolean" && typeof (v as AbortSignal).addEventListener === "function";
}
