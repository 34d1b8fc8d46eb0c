/**
 * The option schemas: names, defaults and validation of LogisticRegression's options and of
 * createObjective's, in one place, so the README table, the checks and the solvers cannot
 * drift apart.
 */
import type { BackendName, Dtype } from "../backends/backend.js";
import { fail } from "../util/errors.js";
import { boolean, describe, integer, number, oneOf, ownOptions, rejectUnknownKeys } from "./checks.js";
import { classWeightOption, type ClassWeight } from "./class-weight.js";

export type { BackendName, ClassWeight, Dtype };

/**
 * The solvers a fit can run, by the names `model.solver` reports: Newton with a Cholesky
 * or a conjugate-gradient inner solve, L-BFGS, gradient descent, mini-batch SGD, and the
 * Newton method for an L1 penalty (orthant-wise Newton on a working set of features).
 */
export type FittedSolver = "newton-cholesky" | "newton-cg" | "lbfgs" | "gd" | "sgd" | "newton-l1";
/**
 * Names accepted by the `solver` option: every solver a fit can run, plus "auto" (the cost
 * model's pick) and "newton" (Newton with the inner solve the cost model prefers).
 */
export type SolverName = "auto" | "newton" | FittedSolver;

/** Options accepted by `new LogisticRegression(options)`. Every field is optional. */
export interface LogisticRegressionOptions {
  /**
   * Optimisation method (default "auto": Newton with Cholesky, Newton-CG or L-BFGS, whichever
   * the measured cost model expects to be fastest for N, d and K, and "newton-l1" whenever
   * l1 > 0; "newton": Newton with the cheaper inner solve, "newton-l1" with l1 > 0;
   * "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd", "newton-l1": that solver). With
   * l1 > 0 only "newton-l1" and "gd" (then proximal gradient) apply; the others refuse it.
   */
  solver?: SolverName;
  /** L2 penalty λ on the weights (not the intercept) of the mean-loss objective; default 1e-4. scikit-learn's C = 1/(λ·Σw). */
  l2?: number;
  /**
   * L1 penalty λ₁ ≥ 0 on the weights (not the intercept): the objective gains λ₁ Σ|W_jk|
   * (default 0). Weights that the optimum sets to zero come out exactly 0. With l2 this is
   * the elastic net; scikit-learn: penalty "elasticnet", l1_ratio = λ₁/(λ₁+λ₂),
   * C = 1/((λ₁+λ₂)·Σw).
   */
  l1?: number;
  /** Stop when max |gradient| ≤ tol. Default per solver: auto, the Newton ones and lbfgs 1e-8 (1e-6 with dtype float32), gd 1e-6, sgd 1e-4. */
  tol?: number;
  /** Iteration limit (epochs for SGD), at most 10⁷. Default per solver: auto and lbfgs 1000, the Newton ones 100, gd 10 000, sgd 200. */
  maxIter?: number;
  /** Fit an unpenalised intercept per class (default true). */
  fitIntercept?: boolean;
  /** Kernel implementation: "wasm" (SIMD, default) or "js" (pure JavaScript, same numbers to rounding). */
  backend?: BackendName;
  /** Seed of the SGD shuffling (default 0), an integer in 0 … 2³² − 1: the same seed gives the same model bit for bit. */
  seed?: number;
  /** SGD mini-batch size in rows (default 16), at most 2³¹ − 1; beyond the rows, a batch is all of them. */
  batchSize?: number;
  /**
   * Threads for the WASM kernels (default 1). Rows are split across workers sharing the
   * WebAssembly memory with a fixed partition and reduction order, so results are
   * bit-identical from run to run (and differ from one thread's only by summation order).
   * Where threads cannot run (a browser page that is not cross-origin isolated, its main
   * thread, the edge entry, backend "js") the fit runs on one thread and says so in `warnings`.
   */
  threads?: number;
  /**
   * Storage precision of X (default "float64"). "float32" halves the memory and runs the
   * matrix products in f32x4, accumulating loss, gradient and Hessian in f64: faster on
   * large data, with an optimum equal to float64's to about 1e-5 relative (the rounding
   * of X to f32 is the main difference). Not for features that need more than ~7
   * significant digits, or tolerances below ~1e-6 on poorly scaled data.
   */
  dtype?: Dtype;
  /** SGD initial learning rate; default "auto" = 1.5/(½·mean‖x̂‖² + λ), from a curvature bound of the mean loss. */
  learningRate?: number | "auto";
  /**
   * Class weights (default none): "balanced" weighs class k by n/(K·n_k) from the unweighted
   * counts, as scikit-learn does; an object maps labels (as keys) to weights, missing labels
   * weigh 1. Row n then weighs sampleWeight[n]·classWeight(y[n]) and the loss is normalised by
   * the sum of these effective weights, so scikit-learn's C = 1/(λ·Σ w_eff).
   */
  classWeight?: ClassWeight | null;
  /**
   * Standardise each feature inside the fit (default false) with the training rows' weighted
   * mean and population standard deviation (a constant column gets scale 1), penalising on the
   * standardised scale, as scikit-learn's make_pipeline(StandardScaler(), LogisticRegression())
   * does. coef and intercept are reported in the original units, so prediction needs no scaler.
   * Without fitIntercept the features are scaled but not centred.
   */
  standardize?: boolean;
  /** Start each fit from this model's current parameters (default false: from zeros). */
  warmStart?: boolean;
}

/** Options after defaults are applied (`model.options`). */
export interface ResolvedOptions {
  /** See LogisticRegressionOptions.solver. */
  solver: SolverName;
  /** See LogisticRegressionOptions.l2. */
  l2: number;
  /** See LogisticRegressionOptions.l1. */
  l1: number;
  /** See LogisticRegressionOptions.tol. */
  tol: number;
  /** See LogisticRegressionOptions.maxIter. */
  maxIter: number;
  /** See LogisticRegressionOptions.fitIntercept. */
  fitIntercept: boolean;
  /** See LogisticRegressionOptions.backend. */
  backend: BackendName;
  /** See LogisticRegressionOptions.seed. */
  seed: number;
  /** See LogisticRegressionOptions.batchSize. */
  batchSize: number;
  /** See LogisticRegressionOptions.learningRate. */
  learningRate: number | "auto";
  /** See LogisticRegressionOptions.threads. */
  threads: number;
  /** See LogisticRegressionOptions.dtype. */
  dtype: Dtype;
  /** See LogisticRegressionOptions.classWeight (null: none). */
  classWeight: ClassWeight | null;
  /** See LogisticRegressionOptions.standardize. */
  standardize: boolean;
  /** See LogisticRegressionOptions.warmStart. */
  warmStart: boolean;
}

/** Seeds are 32-bit: 0 … 2³² − 1. */
export const MAX_SEED = 2 ** 32 - 1;
/**
 * The most iterations a fit may be given (maxIter). The loss history keeps one value an
 * iteration and a saved model keeps it: 10⁷ values make about 190 MB of JSON, while 3·10⁷
 * exceed the longest string V8 can build (2²⁹ − 24 characters), so toJSON would throw. At
 * 1000 × gd's default it is far beyond what a fit that is making progress needs.
 */
export const MAX_ITER_OPTION = 10_000_000;
/** The most rows an SGD mini-batch may be asked for: row indices are Int32 (batchSize beyond N means all N rows). */
export const MAX_BATCH_SIZE = 2 ** 31 - 1;
/** The `threads` option is clamped to this (a saved model with more is refused as tampered). */
export const MAX_THREADS_OPTION = 1024;

const SOLVERS: readonly SolverName[] = ["auto", "newton", "newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd", "newton-l1"];
/** The names model.solver can report (every one of them is also a `solver` option). */
export const FITTED_SOLVERS: readonly FittedSolver[] = ["newton-cholesky", "newton-cg", "lbfgs", "gd", "sgd", "newton-l1"];
/** The solvers that minimise an objective with an L1 term ("auto" and "newton" resolve to newton-l1). */
const L1_SOLVERS: readonly SolverName[] = ["auto", "newton", "newton-l1", "gd"];
const BACKENDS: readonly BackendName[] = ["wasm", "js"];
const DTYPES: readonly Dtype[] = ["float64", "float32"];

const NEWTON_TOL = 1e-8;
const NEWTON_MAX_ITER = 100;
const DEFAULT_TOL: Record<SolverName, number> = {
  auto: 1e-8, newton: NEWTON_TOL, "newton-cholesky": NEWTON_TOL, "newton-cg": NEWTON_TOL, lbfgs: 1e-8, gd: 1e-6, sgd: 1e-4,
  "newton-l1": NEWTON_TOL,
};
const DEFAULT_MAX_ITER: Record<SolverName, number> = {
  auto: 1000, newton: NEWTON_MAX_ITER, "newton-cholesky": NEWTON_MAX_ITER, "newton-cg": NEWTON_MAX_ITER, lbfgs: 1000, gd: 10_000, sgd: 200,
  "newton-l1": 1000,
};

/** The names LogisticRegression accepts as options. */
export const OPTION_NAMES = [
  "solver",
  "l2",
  "l1",
  "tol",
  "maxIter",
  "fitIntercept",
  "backend",
  "seed",
  "batchSize",
  "learningRate",
  "threads",
  "dtype",
  "classWeight",
  "standardize",
  "warmStart",
] as const;

/** Validate user options and fill in defaults; throws INVALID_OPTION naming the option. */
export function resolveOptions(options: unknown = {}): ResolvedOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    fail("INVALID_OPTION", `options must be a plain object, got ${describe(options)}`);
  }
  // A snapshot: each option read once (a getter may answer differently the second time).
  const o = ownOptions(options as Record<string, unknown>);
  rejectUnknownKeys(o, OPTION_NAMES, "option");

  const solver = oneOf(o.solver, "solver", SOLVERS, "auto");
  const l1 = number(o.l1, "l1", 0, { min: 0 });
  if (l1 > 0 && !L1_SOLVERS.includes(solver)) {
    fail(
      "INVALID_OPTION",
      `option solver "${solver}" cannot minimise an objective with an L1 term (l1 = ${l1} > 0); ` +
        `use solver "auto" or "newton-l1" (or "gd", proximal gradient)`,
    );
  }
  return {
    solver,
    l2: number(o.l2, "l2", 1e-4, { min: 0 }),
    l1,
    // f32 products leave a gradient noise floor around 1e-7..1e-6 on typical data.
    tol: number(o.tol, "tol", o.dtype === "float32" ? Math.max(DEFAULT_TOL[solver], 1e-6) : DEFAULT_TOL[solver], { min: 0 }),
    maxIter: integer(o.maxIter, "maxIter", DEFAULT_MAX_ITER[solver], 1, MAX_ITER_OPTION, "10⁷"),
    fitIntercept: boolean(o.fitIntercept, "fitIntercept", true),
    backend: oneOf(o.backend, "backend", BACKENDS, "wasm"),
    // The generator's state is 32 bits: a larger seed would silently equal a smaller one.
    seed: integer(o.seed, "seed", 0, 0, MAX_SEED),
    batchSize: integer(o.batchSize, "batchSize", 16, 1, MAX_BATCH_SIZE, "2³¹ − 1"),
    // More than MAX_THREADS_OPTION is clamped here; each fit clamps further (fit/backend-choice.ts).
    threads: Math.min(integer(o.threads, "threads", 1, 1), MAX_THREADS_OPTION),
    dtype: oneOf(o.dtype, "dtype", DTYPES, "float64"),
    learningRate:
      o.learningRate === "auto" || o.learningRate === undefined
        ? "auto"
        : number(o.learningRate, "learningRate", 0, { min: 0, exclusiveMin: true, orAuto: true }),
    classWeight: classWeightOption(o.classWeight),
    standardize: boolean(o.standardize, "standardize", false),
    warmStart: boolean(o.warmStart, "warmStart", false),
  };
}

/** Options of createObjective. */
export interface ObjectiveOptions {
  /** L2 penalty λ on the weights (default 0). */
  l2?: number;
  /** One non-negative weight per row. */
  sampleWeight?: ArrayLike<number>;
  /** "wasm" (default) or "js". */
  backend?: BackendName;
  /** Include the intercept column (default true). */
  fitIntercept?: boolean;
  /** Storage precision of X (default "float64"); see LogisticRegressionOptions.dtype. */
  dtype?: Dtype;
}

const OBJECTIVE_OPTION_NAMES = ["l2", "sampleWeight", "backend", "fitIntercept", "dtype"] as const;

/** createObjective's options with defaults filled in (sampleWeight is read with the data). */
export function resolveObjectiveOptions(options: ObjectiveOptions): Required<Omit<ObjectiveOptions, "sampleWeight">> & { sampleWeight: unknown } {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    fail("INVALID_OPTION", `createObjective options must be a plain object, got ${describe(options)}`);
  }
  rejectUnknownKeys(options as Record<string, unknown>, OBJECTIVE_OPTION_NAMES, "objective option");
  options = ownOptions(options);
  const l2 = options.l2 ?? 0;
  if (typeof l2 !== "number" || !Number.isFinite(l2) || l2 < 0) fail("INVALID_OPTION", `option l2 must be a finite number ≥ 0, got ${describe(l2)}`);
  const backend = options.backend ?? "wasm";
  if (backend !== "wasm" && backend !== "js") fail("INVALID_OPTION", `option backend must be "wasm" or "js", got ${describe(backend)}`);
  const fitIntercept = options.fitIntercept ?? true;
  if (typeof fitIntercept !== "boolean") fail("INVALID_OPTION", `option fitIntercept must be true or false, got ${describe(fitIntercept)}`);
  const dtype = options.dtype ?? "float64";
  if (dtype !== "float64" && dtype !== "float32") fail("INVALID_OPTION", `option dtype must be "float64" or "float32", got ${describe(dtype)}`);
  return { l2, backend, fitIntercept, dtype, sampleWeight: options.sampleWeight };
}
