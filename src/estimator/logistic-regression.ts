/**
 * LogisticRegression: the public estimator. It validates everything before touching its
 * state, fits through fit/fit.ts, and keeps the fitted model in a Predictor, which it swaps
 * in only when a fit succeeds, so a failed or aborted fit leaves it as it was.
 */
import { fit, fitSync, type FitOutcome } from "../fit/fit.js";
import type { DriveControls } from "../fit/drive.js";
import { partialFitPass, type PassOutcome } from "../fit/partial-fit.js";
import type { ProblemInfo } from "../fit/problem.js";
import { describe, isAbortSignal, ownOptions, rejectUnknownKeys } from "../input/checks.js";
import { classesOption, labelsAgainst } from "../input/known-classes.js";
import { columnarForPrediction, columnarForScore, readColumnarBatch, type ColumnarInput } from "../input/columnar.js";
import { designSource, type MatrixInput } from "../input/matrix.js";
import { isCsrSource } from "../input/csr-matrix.js";
import { oneRecordAsBatch, type PredictionInput } from "../input/prediction-input.js";
import type { Dataset } from "../objective/dataset.js";
import { resolveOptions, type FittedSolver, type LogisticRegressionOptions, type ResolvedOptions } from "../input/options.js";
import type { Label, TargetInput } from "../input/targets.js";
import { readTrainingSet, type TrainingSet } from "../input/training-set.js";
import { PendingNames } from "../input/feature-names.js";
import { toWeights } from "../input/weights.js";
import { PRIVATE_CAPACITY } from "../backends/placement.js";
import { assertShapeFits } from "../objective/kernel-bytes.js";
import type { IterationReport } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import type { FitInfo } from "./fit-info.js";
import { SEPARABLE } from "../fit/separation.js";
import type { ModelJSON, ModelParts } from "./model-format.js";
import { readModel } from "./saved-model.js";
import { nonZeroFeatures } from "./non-zero.js";
import { Predictor, refuseSecondArgument, type FlatOutput } from "./predictor.js";
import { checkPreprocessing, encodedNames, type PreprocessingJSON } from "./preprocessing.js";
import { recordToJSON, type Standardization, type TrainingRecord } from "./training-record.js";
import { startingPoint, type WarmStartInit } from "./warm-start.js";
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
  /**
   * Called after every iteration (epoch for SGD) with the loss and max |gradient|. Returning
   * false (exactly false; any other value is ignored) ends the fit there: the model keeps that iterate, with converged false and a
   * stopReason saying so. A callback that throws ends the fit with its error, the model unchanged.
   */
  onIteration?: (report: IterationReport) => unknown;
  /**
   * Start from these parameters instead of zeros: { coef, intercept } in the model.coef /
   * model.intercept layout (original units), or a fitted model with the same classes.
   */
  init?: WarmStartInit;
  /** Names of the d features (the columns of coef); records as X bring their own. */
  featureNames?: readonly string[];
}

/** Per-call options of partialFit. */
export interface PartialFitOptions<L extends Label = Label> {
  /** All the classes, required on the first call: it fixes K and their order. */
  classes?: readonly L[];
  /** One non-negative weight per row of this batch. */
  sampleWeight?: ArrayLike<number>;
}

export type { FitInfo, IterationReport, Standardization, WarmStartInit };

/**
 * The y a model with labels of type L can be fitted to: those labels, or (when L admits
 * every number, as the default Label does) an N×K matrix of probabilities, whose classes are
 * 0 … K−1. Written as a conditional distributed over L so that LogisticRegression stays
 * covariant in L (a LogisticRegression<string> is a LogisticRegression).
 */
export type TargetsFor<L extends Label> = ArrayLike<L> | (L extends number ? (number extends L ? MatrixInput : never) : never);

const FIT_OPTIONS = ["sampleWeight", "signal", "onIteration", "init", "featureNames"] as const;
const PARTIAL_FIT_OPTIONS = ["classes", "sampleWeight"] as const;

/** A fit's input after validate(): the data read once, the controls and the start. */
export interface ValidatedInput {
  data: TrainingSet;
  controls: DriveControls;
  /** θ₀ in original units, or undefined for zeros. */
  start?: Float64Array;
  featureNames?: readonly string[];
}

interface Fitted<L extends Label> {
  predictor: Predictor<L>;
  info: FitInfo;
  record: TrainingRecord;
  /** What inference needs, kept by unpenalised fits. */
  statistics?: FitStatistics;
  /** How the features are built from table columns, when a saved model brought it. */
  preprocessing?: PreprocessingJSON;
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
  private fitted?: Fitted<L>;
  private fitting = false;

  /** Validates the options (INVALID_OPTION, with a suggestion for a misspelt name) and fills in defaults. */
  constructor(options: LogisticRegressionOptions = {}) {
    this.options = Object.freeze(resolveOptions(options));
  }

  /**
   * Fit to X (number[][], { data, rows, cols }, records, { columns, names }, an Arrow table or
   * a Dataset) and y (labels, an N×K probability matrix, or the name of X's target column when
   * X has named columns). X is read and checked in this call, before it returns its promise:
   * changing X afterwards does not affect the fit.
   */
  async fit(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<L> | string, fitOptions: FitOptions = {}): Promise<this> {
    return this.fitValidated(this.validate(X, y, fitOptions));
  }

  /**
   * The same as fit, synchronously (no progress yielding; prefer fit in pages and servers).
   * With `threads`, it uses a pool only if an earlier async fit started one.
   */
  fitSync(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<L> | string, fitOptions: FitOptions = {}): this {
    return this.fitValidatedSync(this.validate(X, y, fitOptions));
  }

  /** Fit on input already checked by validate (with this.options as they are now). */
  protected async fitValidated(input: ValidatedInput): Promise<this> {
    this.fitting = true;
    try {
      this.adopt(await fit(input.data, this.options, input.controls, input.start), input);
      return this;
    } finally {
      this.fitting = false;
    }
  }

  /** The synchronous counterpart of fitValidated. */
  protected fitValidatedSync(input: ValidatedInput): this {
    this.fitting = true;
    try {
      this.adopt(fitSync(input.data, this.options, input.controls, input.start), input);
      return this;
    } finally {
      this.fitting = false;
    }
  }

  /**
   * One pass of mini-batch SGD over these rows, continuing from the previous passes (or from
   * the fitted model): the learning-rate schedule, the averaging and the shuffling go on
   * where they stopped, also after toJSON/fromJSON. `classes` is required on the first call.
   */
  partialFit(X: MatrixInput | ColumnarInput, y: ArrayLike<L> | string, options: PartialFitOptions<L> = {}): this {
    if (this.fitting) fail("FIT_IN_PROGRESS", "fit is already running on this model; await it before partialFit");
    // partialFit is mini-batch SGD, which has no exact step for the L1 term.
    if (this.options.l1 > 0) fail("INVALID_OPTION", `partialFit runs mini-batch SGD, which cannot minimise an objective with an L1 term (l1 = ${this.options.l1}); use fit`);
    if (typeof options !== "object" || options === null) fail("INVALID_OPTION", `partialFit options must be an object, got ${describe(options)}`);
    rejectUnknownKeys(options as Record<string, unknown>, PARTIAL_FIT_OPTIONS, "partialFit option");
    options = ownOptions(options);
    const current = this.fitted;
    const { classes: givenClasses } = options; // read once
    const given = givenClasses === undefined ? undefined : classesOption(givenClasses, "partialFit option classes");
    const classes = current ? [...current.predictor.classes] : (given ?? fail("INVALID_OPTION", "the first partialFit call needs the option classes (all the labels, in the order to keep)"));
    if (current && given && (given.length !== classes.length || given.some((c, k) => c !== classes[k]))) {
      fail("INVALID_Y", `partialFit option classes [${given.map((c) => describe(c)).join(", ")}] differ from the model's [${classes.map((c) => describe(c)).join(", ")}]`);
    }
    const names = current?.predictor.featureNames;
    const { dtype, backend } = this.options;
    // Dense, columnar (y may name its target column, as in fit) or CSR (whose size, set by its
    // entries, is checked before they are copied).
    const columnar = readColumnarBatch(X, y, current?.predictor.nFeatures, names);
    const source = columnar?.source ?? designSource(X, "X", current?.predictor.nFeatures, names);
    const sparse = isCsrSource(source);
    if (!sparse) assertShapeFits(source.rows, source.cols, dtype, backend, PRIVATE_CAPACITY);
    const { values, scale } = toWeights(options.sampleWeight, source.rows);
    const data: TrainingSet = { X: source, targets: labelsAgainst(columnar ? columnar.y() : y, classes, source.rows), weights: values, weightScale: scale };
    const outcome = partialFitPass(data, this.options, current?.record.partialFit ?? null, current ? current.predictor.theta : null);
    this.adoptPass(outcome, data, names ?? (sparse ? undefined : source.names));
    return this;
  }

  /** Class probabilities, one row per sample, columns in `classes` order (flat with `{ out }` or `{ flat: true }`). */
  predictProba(X: PredictionInput | ColumnarInput | Dataset): number[][];
  predictProba(X: PredictionInput | ColumnarInput | Dataset, output: FlatOutput): Float64Array;
  predictProba(X: PredictionInput | ColumnarInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    const rows = this.fromColumns(X);
    return output === undefined ? this.model().predictProba(rows) : this.model().predictProba(rows, output);
  }

  /** Log-probabilities z − logsumexp(z) from the logits: finite, never −Infinity from underflow. */
  predictLogProba(X: PredictionInput | ColumnarInput | Dataset): number[][];
  predictLogProba(X: PredictionInput | ColumnarInput | Dataset, output: FlatOutput): Float64Array;
  predictLogProba(X: PredictionInput | ColumnarInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    const rows = this.fromColumns(X);
    return output === undefined ? this.model().predictLogProba(rows) : this.model().predictLogProba(rows, output);
  }

  /** The logits b_k + W_kᵀx, one row per sample, columns in `classes` order. */
  decisionFunction(X: PredictionInput | ColumnarInput | Dataset): number[][];
  decisionFunction(X: PredictionInput | ColumnarInput | Dataset, output: FlatOutput): Float64Array;
  decisionFunction(X: PredictionInput | ColumnarInput | Dataset, output?: FlatOutput): number[][] | Float64Array {
    const rows = this.fromColumns(X);
    return output === undefined ? this.model().decisionFunction(rows) : this.model().decisionFunction(rows, output);
  }

  /** Predicted labels, in the caller's own label values. */
  predict(X: PredictionInput | ColumnarInput | Dataset, ...rest: never[]): L[] {
    refuseSecondArgument(rest);
    return this.model().predict(this.fromColumns(X));
  }

  /** Accuracy on (X, y); with a columnar X, y may name its target column, as in fit. */
  score(X: PredictionInput | ColumnarInput | Dataset, y: ArrayLike<Label> | string, ...rest: never[]): number {
    // scikit-learn's score takes sample weights here: ignoring them would give a wrong answer.
    if (rest.length > 0 && rest[0] !== undefined) {
      fail("INVALID_ARGUMENT", "score(X, y) takes no third argument; for a weighted accuracy use accuracy(y, model.predict(X), { sampleWeight })");
    }
    const byName = columnarForScore(X, y, this.model().featureNames);
    if (byName) return this.model().score(byName.X, byName.y as Label[]);
    return this.model().score(this.fromColumns(X), y as ArrayLike<Label>);
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
   * The active features: indices j (ascending) with a non-zero weight coef[k][j] in some
   * class. After an `l1` fit the others are exactly 0 in every class.
   */
  get nonZero(): number[] {
    const predictor = this.model();
    return nonZeroFeatures(predictor.theta, predictor.classes.length, predictor.nFeatures);
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
  /**
   * The last fit's optimality certificate at its final iterate: max |gradient|, or with
   * `l1` the KKT residual (|∂f + λ₁ sign w| on non-zero weights, the excess of |∂f| over λ₁
   * on zero ones, |∂f| on intercepts; f the smooth part). `converged` means it is ≤ tol.
   */
  get kktResidual(): number {
    return this.info().kktResidual;
  }
  /** Fallbacks the solver took in the last fit. */
  get warnings(): string[] {
    return [...this.info().warnings];
  }
  /** Whether fit has succeeded (or the model was loaded). */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }
  /** The names of the features (the columns of coef), when fitted with records or featureNames. */
  get featureNames(): string[] | undefined {
    const names = this.model().featureNames;
    return names ? [...names] : undefined;
  }
  /** With standardize: the training statistics, x̃ = (x − center)/scale per feature (coef stays in original units). */
  get standardization(): Standardization | undefined {
    const s = this.record().standardization;
    return s ? { center: [...s.center], scale: [...s.scale] } : undefined;
  }
  /** With classWeight: the weight of each class, in classes order. */
  get classWeights(): number[] | undefined {
    const w = this.record().classWeights;
    return w ? [...w] : undefined;
  }

  /**
   * Standard errors, z, p-values, intervals and likelihood statistics against a reference
   * class (statsmodels' MNLogit quantities). Needs an unpenalised fit (l2: 0); works on a
   * model loaded from JSON. See the README's Inference section.
   */
  inference(options?: InferenceOptions): InferenceResult {
    const predictor = this.model();
    return computeInference(
      { classes: predictor.classes, nFeatures: predictor.nFeatures, fitIntercept: this.options.fitIntercept, theta: predictor.theta, penalties: { l2: this.options.l2, l1: this.options.l1 }, featureNames: predictor.featureNames },
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
      training: { options: { ...this.options }, ...this.info(), ...recordToJSON(this.record()) },
      ...(statistics ? { statistics: statisticsToJSON(statistics, json.classes.length, json.nFeatures) } : {}),
      ...(this.fitted?.preprocessing ? { preprocessing: structuredClone(this.fitted.preprocessing) } : {}),
    };
  }

  /**
   * How the features are built from named table columns, when the model was saved with that
   * (the CLI saves it: see the README's "Command line"); undefined otherwise. A new fit drops it.
   */
  get preprocessing(): PreprocessingJSON | undefined {
    const p = this.model() && this.fitted?.preprocessing;
    return p ? structuredClone(p) : undefined;
  }

  /**
   * Restore a model saved with toJSON (the text or the parsed object); it predicts
   * bit-identically. A typed saved model (`ModelJSON<string>`) keeps its label type.
   */
  static fromJSON<L extends Label>(json: ModelJSON<L>): LogisticRegression<L>;
  static fromJSON(json: unknown): LogisticRegression;
  static fromJSON(json: unknown): LogisticRegression {
    const model = new LogisticRegression();
    model.restore(json);
    return model;
  }

  /**
   * Load a saved model into this instance, its options included (INVALID_MODEL when damaged).
   * Returns the saved `training` record, for subclasses that keep more in it.
   */
  protected restore(json: unknown): Record<string, unknown> {
    // The loader every entry shares (Predictor.fromJSON and toONNX too): coefficients, options, record and fit info.
    const { parsed, parts, training: saved, options, record, info } = readModel(json);
    const statistics = statisticsFromSavedModel(parsed, parts.classes.length, parts.nFeatures, { l2: options.l2, l1: options.l1 });
    if (statistics) checkStatisticsAgainstFit(statistics, info, saved);
    const preprocessing = savedPreprocessing(parsed, parts.nFeatures);
    if (preprocessing && parts.featureNames) checkPreprocessingNames(preprocessing, parts.featureNames);
    this.setOptions(options);
    // The saved labels are the ones this model was typed for.
    this.adoptModel(parts, info, record, statistics);
    if (preprocessing) this.fitted!.preprocessing = preprocessing;
    return saved;
  }

  /** Replace the options in force (LogisticRegressionCV sets the λ it chose before its refit). */
  protected setOptions(options: ResolvedOptions): void {
    (this as { options: Readonly<ResolvedOptions> }).options = Object.freeze({ ...options });
  }

  /** Swap in a model (only now does the previous one go). */
  protected adoptModel(parts: ModelParts, info: FitInfo, record: TrainingRecord, statistics?: FitStatistics): void {
    // Whatever path led here (a solver, partialFit, a CV refit), a model with NaN or ±∞
    // parameters is never adopted: the previous one stays.
    const bad = parts.theta.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail("NUMERICAL", `the fit ended with a non-finite parameter (θ[${bad}] = ${parts.theta[bad]}); scale the features or lower the step`);
    const previous = this.fitted;
    this.fitted = { predictor: new Predictor<L>(parts, this.options.backend), info, record, statistics };
    previous?.predictor.dispose();
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
  protected validate(X: MatrixInput | ColumnarInput | Dataset, y: TargetsFor<L> | string, fitOptions: FitOptions): ValidatedInput {
    if (this.fitting) fail("FIT_IN_PROGRESS", "fit is already running on this model; await it before fitting again");
    if (typeof fitOptions !== "object" || fitOptions === null) fail("INVALID_OPTION", `fit options must be an object, got ${describe(fitOptions)}`);
    rejectUnknownKeys(fitOptions as Record<string, unknown>, FIT_OPTIONS, "fit option");
    fitOptions = ownOptions(fitOptions);
    const { onIteration, signal } = fitOptions;
    if (onIteration !== undefined && typeof onIteration !== "function") {
      fail("INVALID_OPTION", `fit option onIteration must be a function, got ${describe(onIteration)}`);
    }
    if (signal !== undefined && !isAbortSignal(signal)) {
      fail("INVALID_OPTION", `fit option signal must be an AbortSignal (controller.signal), got ${describe(signal)}`);
    }
    // featureNames' length is read now, its names only once X's shape bounds them.
    const given = fitOptions.featureNames;
    const pending = given === undefined ? undefined : new PendingNames(given);
    const { dtype, backend } = this.options;
    const data = readTrainingSet(X, y as TargetInput, fitOptions.sampleWeight, (n, d) => assertShapeFits(n, d, dtype, backend, PRIVATE_CAPACITY), pending);
    const names = pending?.take(data.X.cols, true, `X has ${data.X.cols} features`);
    const current = this.fitted && { classes: this.fitted.predictor.classes, theta: this.fitted.predictor.theta };
    const start = startingPoint(fitOptions.init, current, this.options.warmStart, data.targets, data.X.cols, this.options.fitIntercept);
    const sourceNames = "names" in data.X ? data.X.names : undefined;
    return { data, controls: { signal, onIteration }, start, featureNames: names ?? sourceNames };
  }

  /** Swap in the new model (only now does the previous one go). */
  private adopt({ result, solver, warnings, statistics, ...problem }: FitOutcome, input: ValidatedInput): void {
    this.replace(input.data, result.theta, input.featureNames, problem, null, statistics, {
      solver,
      iterations: result.iterations,
      converged: result.converged,
      reason: result.reason,
      lossHistory: result.lossHistory,
      kktResidual: result.kktResidual,
      warnings,
    });
  }

  /** The same for a partialFit pass. */
  private adoptPass({ theta, state, warnings, ...problem }: PassOutcome, data: TrainingSet, featureNames: readonly string[] | undefined): void {
    this.replace(data, theta, featureNames, problem, state, undefined, {
      solver: "sgd",
      iterations: state.epoch,
      converged: false,
      reason: `partialFit: ${state.epoch} pass${state.epoch === 1 ? "" : "es"} of mini-batch SGD (partialFit runs no convergence test)`,
      lossHistory: [],
      // partialFit evaluates no gradient of the whole objective.
      kktResidual: NaN,
      warnings,
    });
  }

  private replace(
    data: TrainingSet,
    theta: Float64Array,
    featureNames: readonly string[] | undefined,
    problem: ProblemInfo,
    partialFit: TrainingRecord["partialFit"],
    statistics: FitStatistics | undefined,
    info: FitInfo,
  ): void {
    const { scaling, classWeights } = problem;
    this.adoptModel(
      // The labels come from y, which TargetsFor<L> typed.
      {
        classes: data.targets.classes,
        nFeatures: data.X.cols,
        fitIntercept: this.options.fitIntercept,
        theta,
        ...(featureNames ? { featureNames } : {}),
      },
      info,
      {
        classWeights: classWeights ? Array.from(classWeights) : null,
        standardization: scaling ? { center: Array.from(scaling.shift), scale: Array.from(scaling.scale) } : null,
        partialFit,
      },
      statistics,
    );
  }

  /** A columnar X as rows, its columns picked by this model's feature names when it has them. */
  private fromColumns(X: PredictionInput | ColumnarInput | Dataset): PredictionInput | Dataset {
    const { featureNames, nFeatures } = this.model();
    return columnarForPrediction(oneRecordAsBatch(X, featureNames) as PredictionInput | ColumnarInput | Dataset, featureNames, nFeatures);
  }

  private model(): Predictor<L> {
    return this.fitted?.predictor ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }

  private info(): FitInfo {
    return this.fitted?.info ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }

  private record(): TrainingRecord {
    return this.fitted ? this.fitted.record : fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }
}

/** The saved model's optional `preprocessing` field, checked. */
function savedPreprocessing(parsed: unknown, nFeatures: number): PreprocessingJSON | undefined {
  const value = (parsed as { preprocessing?: unknown }).preprocessing;
  return value === undefined ? undefined : checkPreprocessing(value, nFeatures);
}

/** The saved fit statistics were taken at the saved fit's end: the same convergence, never separable and converged at once. */
function checkStatisticsAgainstFit(statistics: FitStatistics, info: FitInfo, saved: Record<string, unknown>): void {
  if (statistics.separable && statistics.converged) fail("INVALID_MODEL", "model statistics say both separable and converged; a separable fit never converges");
  if (saved.converged !== undefined && statistics.converged !== info.converged) {
    fail("INVALID_MODEL", `model statistics.converged (${statistics.converged}) contradicts training.converged (${info.converged})`);
  }
  // The log-likelihood is the final loss (a weighted mean cross-entropy, no penalty) times the
  // weight of the rows, nObs: 1e-16 apart in practice; float32 data and threads stay far within 1e-6.
  const final = info.lossHistory.at(-1);
  if (final !== undefined && !(Math.abs(statistics.logLikelihood + final * statistics.nObs) <= 1e-6 * Math.max(1, Math.abs(statistics.logLikelihood)))) {
    fail("INVALID_MODEL", `model statistics.logLikelihood (${statistics.logLikelihood}) is not −(the final loss ${final}) × nObs (${statistics.nObs}) = ${-final * statistics.nObs}`);
  }
  // The separation diagnosis sets both: the statistics' flag and the fit's reason.
  if (typeof saved.reason === "string" && statistics.separable !== (saved.reason === SEPARABLE)) {
    fail("INVALID_MODEL", `model statistics.separable (${statistics.separable}) contradicts training.reason ${describe(saved.reason)}`);
  }
}

/** A model whose features were built by `preprocessing` is named by it: featureNames must be its encoded names. */
function checkPreprocessingNames(preprocessing: PreprocessingJSON, featureNames: readonly string[]): void {
  const encoded = encodedNames(preprocessing);
  const j = encoded.findIndex((name, i) => name !== featureNames[i]);
  if (j >= 0) fail("INVALID_MODEL", `model featureNames[${j}] is ${describe(featureNames[j])}, but preprocessing builds feature ${j} as ${describe(encoded[j])}`);
}
