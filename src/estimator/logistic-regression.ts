/**
 * LogisticRegression: the public estimator. It validates everything before touching its
 * state, fits through fit/fit.ts, and keeps the fitted model in a Predictor, which it swaps
 * in only when a fit succeeds, so a failed or aborted fit leaves it as it was.
 */
import { fit, fitSync, type FitOutcome } from "../fit/fit.js";
import type { DriveControls } from "../fit/drive.js";
import { describe, rejectUnknownKeys } from "../input/checks.js";
import type { MatrixInput } from "../input/matrix.js";
import { resolveOptions, type FittedSolver, type LogisticRegressionOptions, type ResolvedOptions } from "../input/options.js";
import type { Label, TargetInput } from "../input/targets.js";
import { readTrainingSet, type TrainingSet } from "../input/training-set.js";
import type { IterationReport } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import { fitInfoFromJSON, type FitInfo } from "./fit-info.js";
import { partsFromJSON, type ModelJSON } from "./model-format.js";
import { Predictor, type FlatOutput } from "./predictor.js";

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

const FIT_OPTIONS = ["sampleWeight", "signal", "onIteration"] as const;

interface ValidatedInput {
  data: TrainingSet;
  controls: DriveControls;
}

/**
 * Multinomial (softmax) logistic regression. Construct with options, `await fit(X, y)`, then
 * `predict`, `predictProba` and `score`; `JSON.stringify(model)` saves it and
 * `LogisticRegression.fromJSON` restores it bit for bit.
 */
export class LogisticRegression {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
  private fitted?: { predictor: Predictor; info: FitInfo };
  private fitting = false;

  /** Validates the options (INVALID_OPTION, with a suggestion for a misspelt name) and fills in defaults. */
  constructor(options: LogisticRegressionOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
  }

  /** Fit to X (number[][] or { data, rows, cols }) and y (labels or an N×K probability matrix). */
  async fit(X: MatrixInput, y: TargetInput, fitOptions: FitOptions = {}): Promise<this> {
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
  fitSync(X: MatrixInput, y: TargetInput, fitOptions: FitOptions = {}): this {
    const input = this.validate(X, y, fitOptions);
    this.fitting = true;
    try {
      this.adopt(fitSync(input.data, this.options, input.controls), input.data);
      return this;
    } finally {
      this.fitting = false;
    }
  }

  /** Class probabilities, one row per sample, columns in `classes` order (flat with `{ out }` or `{ flat: true }`). */
  predictProba(X: MatrixInput): number[][];
  predictProba(X: MatrixInput, output: FlatOutput): Float64Array;
  predictProba(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return output === undefined ? this.model().predictProba(X) : this.model().predictProba(X, output);
  }

  /** Log-probabilities z − logsumexp(z) from the logits: finite, never −Infinity from underflow. */
  predictLogProba(X: MatrixInput): number[][];
  predictLogProba(X: MatrixInput, output: FlatOutput): Float64Array;
  predictLogProba(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return output === undefined ? this.model().predictLogProba(X) : this.model().predictLogProba(X, output);
  }

  /** The logits b_k + W_kᵀx, one row per sample, columns in `classes` order. */
  decisionFunction(X: MatrixInput): number[][];
  decisionFunction(X: MatrixInput, output: FlatOutput): Float64Array;
  decisionFunction(X: MatrixInput, output?: FlatOutput): number[][] | Float64Array {
    return output === undefined ? this.model().decisionFunction(X) : this.model().decisionFunction(X, output);
  }

  /** Predicted labels, in the caller's own label values. */
  predict(X: MatrixInput): Label[] {
    return this.model().predict(X);
  }

  /** Accuracy on (X, y). */
  score(X: MatrixInput, y: ArrayLike<Label>): number {
    return this.model().score(X, y);
  }

  /** Sorted class labels (the columns of predictProba). */
  get classes(): Label[] {
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

  /** The saved model: `JSON.stringify(model)`; restore with `LogisticRegression.fromJSON`. */
  toJSON(): ModelJSON {
    const json = this.model().toJSON();
    return { ...json, training: { options: { ...this.options }, ...this.info() } };
  }

  /** Restore a model saved with toJSON (the text or the parsed object); it predicts bit-identically. */
  static fromJSON(json: unknown): LogisticRegression {
    const parts = partsFromJSON(json);
    const saved = parts.training ?? {};
    let options: ResolvedOptions;
    try {
      options = resolveOptions(saved.options ?? { fitIntercept: parts.fitIntercept });
    } catch (e) {
      fail("INVALID_MODEL", `model training.options are invalid: ${(e as Error).message}`);
    }
    const model = new LogisticRegression(options);
    model.fitted = { predictor: new Predictor(parts, options.backend), info: fitInfoFromJSON(saved) };
    return model;
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
  private validate(X: MatrixInput, y: TargetInput, fitOptions: FitOptions): ValidatedInput {
    if (this.fitting) fail("FIT_IN_PROGRESS", "fit is already running on this model; await it before fitting again");
    if (typeof fitOptions !== "object" || fitOptions === null) fail("INVALID_OPTION", `fit options must be an object, got ${describe(fitOptions)}`);
    rejectUnknownKeys(fitOptions as Record<string, unknown>, FIT_OPTIONS, "fit option");
    if (fitOptions.onIteration !== undefined && typeof fitOptions.onIteration !== "function") {
      fail("INVALID_OPTION", `fit option onIteration must be a function, got ${describe(fitOptions.onIteration)}`);
    }
    return { data: readTrainingSet(X, y, fitOptions.sampleWeight), controls: { signal: fitOptions.signal, onIteration: fitOptions.onIteration } };
  }

  /** Swap in the new model (only now does the previous one go). */
  private adopt({ result, solver, warnings }: FitOutcome, data: TrainingSet): void {
    const previous = this.fitted;
    this.fitted = {
      predictor: new Predictor(
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
    };
    previous?.predictor.dispose();
  }

  private model(): Predictor {
    return this.fitted?.predictor ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }

  private info(): FitInfo {
    return this.fitted?.info ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }
}
