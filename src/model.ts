/**
 * LogisticRegression: the public estimator. It validates everything before touching its
 * state, trains through training.ts, and keeps the fitted model in a Predictor, which
 * it swaps in only when a fit succeeds, so a failed or aborted fit leaves it as it was.
 */
import { toMatrix, toTargets, toWeights, type Label, type MatrixInput, type TargetInput } from "./data.js";
import { fail } from "./errors.js";
import type { ModelJSON } from "./model-json.js";
import { partsFromJSON } from "./model-json.js";
import { describe, rejectUnknownKeys, resolveOptions, type LogisticRegressionOptions, type ResolvedOptions } from "./options.js";
import { Predictor } from "./predictor.js";
import { runSolver, runSolverSync, type RunControls } from "./run-solver.js";
import type { IterationReport, SolverResult } from "./solvers/solver.js";
import type { Backend } from "./kernels/kernels.js";
import { getBackend, getThreadedBackend, startedThreadedBackend } from "./runtime.js";
import { startTraining, type TrainingInput } from "./training.js";
import type { FitStatistics } from "./inference/fit-statistics.js";
import { computeInference, type InferenceOptions, type InferenceResult } from "./inference/inference.js";
import { statisticsFromJSON, statisticsToJSON } from "./inference/statistics-json.js";
import { formatSummary } from "./inference/summary.js";

/** Per-call options of fit. */
export interface FitOptions {
  /** One non-negative weight per row; the loss is the weighted mean. */
  sampleWeight?: ArrayLike<number>;
  /** Cancels the fit; the model keeps its previous state and fit rejects with code ABORTED. */
  signal?: AbortSignal;
  /** Called after every iteration (epoch for SGD) with the loss and max |gradient|. */
  onIteration?: (report: IterationReport) => void;
}

export type { IterationReport };

/** What the last successful fit did. */
export interface FitInfo {
  /** The solver that ran: "newton-cholesky", "newton-cg", "lbfgs", "gd" or "sgd" ("auto" resolves to one). */
  solver: string;
  /** Iterations run (epochs for SGD). */
  iterations: number;
  /** Whether max |gradient| ≤ tol was reached (false on separable data without a penalty). */
  converged: boolean;
  /** Why the fit stopped. */
  reason: string;
  /** Objective after every iteration, the start first. */
  lossHistory: number[];
  /** Fallbacks taken (damped Hessian, gradient steps, one thread instead of several). */
  warnings: string[];
}

const FIT_OPTIONS = ["sampleWeight", "signal", "onIteration"] as const;

interface ValidatedInput {
  data: TrainingInput;
  controls: RunControls;
}

interface KernelChoice {
  backend: Backend;
  /** Why the requested threads did not run, if they did not. */
  warnings: string[];
}

/** The kernels a fit runs on: the chosen backend, on a thread pool when threads > 1 and possible. */
async function kernelsFor(options: ResolvedOptions): Promise<KernelChoice> {
  if (options.threads === 1 || options.backend === "js") return kernelsForSync(options);
  const threaded = await getThreadedBackend(options.threads);
  if (typeof threaded !== "string") return { backend: threaded, warnings: [] };
  return { backend: getBackend(options.backend), warnings: [`threads: ${options.threads} requested, ran on one thread: ${threaded}`] };
}

function kernelsForSync(options: ResolvedOptions): KernelChoice {
  const backend = getBackend(options.backend);
  if (options.threads === 1) return { backend, warnings: [] };
  if (options.backend === "js") return { backend, warnings: [`threads: ${options.threads} requested, ran on one thread: threads need backend "wasm"`] };
  const started = startedThreadedBackend(options.threads);
  if (started) return { backend: started, warnings: [] };
  return { backend, warnings: [`threads: ${options.threads} requested, ran on one thread: fitSync cannot start workers (use fit)`] };
}

/** JSON text parsed once (INVALID_MODEL when it does not parse); anything else as it is, for partsFromJSON to check. */
function parseModelText(json: unknown): unknown {
  if (typeof json !== "string") return json;
  try {
    return JSON.parse(json);
  } catch (e) {
    fail("INVALID_MODEL", `model JSON does not parse (truncated or corrupted?): ${(e as Error).message}`);
  }
}

/**
 * Multinomial (softmax) logistic regression. Construct with options, `await fit(X, y)`, then
 * `predict`, `predictProba` and `score`; `JSON.stringify(model)` saves it and
 * `LogisticRegression.fromJSON` restores it bit for bit.
 */
export class LogisticRegression {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
  private fitted?: { predictor: Predictor; info: FitInfo; statistics?: FitStatistics };
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
      const kernels = await kernelsFor(this.options);
      return this.train(input, kernels, (solver, controls) => runSolver(solver, controls));
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
      return this.trainSync(input, kernelsForSync(this.options));
    } finally {
      this.fitting = false;
    }
  }

  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba(X: MatrixInput): number[][] {
    return this.model().predictProba(X);
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
  /** The solver the last fit ran ("auto" resolves to "newton-cholesky", "newton-cg" or "lbfgs"). */
  get solver(): string {
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
    return computeInference(this.inferenceModel(), this.fitted?.statistics, options);
  }

  /** The inference as a text table laid out like statsmodels' MNLogitResults.summary(). */
  summary(options?: InferenceOptions): string {
    return formatSummary(this.inference(options), this.model().classes.length);
  }

  /** The saved model: `JSON.stringify(model)`; restore with `LogisticRegression.fromJSON`. */
  toJSON(): ModelJSON {
    const json = this.model().toJSON();
    const statistics = this.fitted?.statistics;
    return {
      ...json,
      training: { options: { ...this.options }, ...this.info() },
      ...(statistics ? { statistics: statisticsToJSON(statistics, json.classes.length, json.nFeatures) } : {}),
    };
  }

  /** Restore a model saved with toJSON (the text or the parsed object); it predicts bit-identically. */
  static fromJSON(json: unknown): LogisticRegression {
    const parsed = parseModelText(json);
    const parts = partsFromJSON(parsed);
    const saved = (parts.training ?? {}) as Partial<FitInfo> & { options?: unknown };
    let options: ResolvedOptions;
    try {
      options = resolveOptions(saved.options ?? { fitIntercept: parts.fitIntercept });
    } catch (e) {
      fail("INVALID_MODEL", `model training.options are invalid: ${(e as Error).message}`);
    }
    const model = new LogisticRegression(options);
    // The inference statistics are read here, not by partsFromJSON: the predict-only bundles never carry them.
    const savedStatistics = (parsed as { statistics?: unknown } | null)?.statistics;
    let statistics: FitStatistics | undefined;
    if (savedStatistics !== undefined) {
      if (options.l2 !== 0) fail("INVALID_MODEL", `model has fit statistics but training.options.l2 is ${options.l2}; they belong to unpenalised fits`);
      statistics = statisticsFromJSON(savedStatistics, parts.classes.length, parts.nFeatures);
    }
    model.fitted = {
      statistics,
      predictor: new Predictor(parts, options.backend),
      info: {
        solver: typeof saved.solver === "string" ? saved.solver : options.solver,
        iterations: Number.isSafeInteger(saved.iterations) ? (saved.iterations as number) : 0,
        converged: saved.converged === true,
        reason: typeof saved.reason === "string" ? saved.reason : "loaded from JSON",
        lossHistory: Array.isArray(saved.lossHistory) ? saved.lossHistory.filter((v) => typeof v === "number") : [],
        warnings: Array.isArray(saved.warnings) ? saved.warnings.filter((v) => typeof v === "string") : [],
      },
    };
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
    const matrix = toMatrix(X);
    const targets = toTargets(y, matrix.rows);
    const weights = toWeights(fitOptions.sampleWeight, matrix.rows);
    return { data: { X: matrix, targets, weights }, controls: { signal: fitOptions.signal, onIteration: fitOptions.onIteration } };
  }

  private async train(input: ValidatedInput, kernels: KernelChoice, run: typeof runSolver): Promise<this> {
    const { solver, solverUsed, release } = startTraining(input.data, this.options, kernels.backend);
    try {
      this.finish(await run(solver, input.controls), input, solverUsed, kernels.warnings);
      return this;
    } finally {
      release();
    }
  }

  private trainSync(input: ValidatedInput, kernels: KernelChoice): this {
    const { solver, solverUsed, release } = startTraining(input.data, this.options, kernels.backend);
    try {
      this.finish(runSolverSync(solver, input.controls), input, solverUsed, kernels.warnings);
      return this;
    } finally {
      release();
    }
  }

  /** Swap in the new model (only now does the previous one go). */
  private finish(result: SolverResult, input: ValidatedInput, solverUsed: string, warnings: string[]): void {
    const { X, targets } = input.data;
    const previous = this.fitted;
    this.fitted = {
      predictor: new Predictor(
        { classes: targets.classes, nFeatures: X.cols, fitIntercept: this.options.fitIntercept, theta: result.theta },
        this.options.backend,
      ),
      statistics: result.statistics,
      info: {
        solver: solverUsed,
        iterations: result.iterations,
        converged: result.converged,
        reason: result.reason,
        lossHistory: result.lossHistory,
        warnings: [...warnings, ...result.warnings],
      },
    };
    previous?.predictor.dispose();
  }

  /** What inference reads from the fitted model. */
  private inferenceModel() {
    const predictor = this.model();
    const { coef, intercept } = predictor;
    const m = predictor.nFeatures + 1;
    const theta = new Float64Array(predictor.classes.length * m);
    intercept.forEach((b, k) => {
      theta[k * m] = b;
      theta.set(coef[k], k * m + 1);
    });
    return {
      classes: predictor.classes,
      nFeatures: predictor.nFeatures,
      fitIntercept: this.options.fitIntercept,
      theta,
      penalties: { l2: this.options.l2 },
    };
  }

  private model(): Predictor {
    return this.fitted?.predictor ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }

  private info(): FitInfo {
    return this.fitted?.info ?? fail("NOT_FITTED", "this LogisticRegression is not fitted yet: call fit(X, y) first");
  }
}
