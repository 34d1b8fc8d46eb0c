/**
 * The L1 regularisation path: the optima along a decreasing grid of λ₁ (with a fixed λ₂),
 * each fit warm-started from the previous one, from λ₁_max, where every weight is exactly 0,
 * down. X goes into kernel memory once for the whole path (fit.ts: fitL1Path). Also
 * `l1Max`, the smallest λ₁ with an all-zero optimum (scikit-learn's l1_min_c, in this
 * library's units).
 */
import { PRIVATE_CAPACITY } from "../backends/placement.js";
import { nonZeroFeatures } from "../estimator/non-zero.js";
import { fitL1Path } from "../fit/fit.js";
import { copyChecked, describe, integer, isAbortSignal, isArrayLike, number, ownOptions, rejectUnknownKeys, splitOptions } from "../input/checks.js";
import type { MatrixInput } from "../input/matrix.js";
import { OPTION_NAMES, resolveOptions, type LogisticRegressionOptions, type ObjectiveOptions } from "../input/options.js";
import type { Label, TargetInput } from "../input/targets.js";
import { readTrainingSet } from "../input/training-set.js";
import { createObjective } from "../objective/create-objective.js";
import type { Dataset } from "../objective/dataset.js";
import { interceptOnlyOptimum, maxWeightGradient } from "../objective/intercept-only.js";
import { assertShapeFits } from "../objective/kernel-bytes.js";
import { fail } from "../util/errors.js";
import { defaultL1MinRatio, l1Grid } from "./l1-grid.js";
import { MAX_GRID_POINTS } from "./l2-grid.js";

/** Options of l1Path: the estimator's options (but `l1`), the grid, and the per-fit options. */
export interface L1PathOptions extends Omit<LogisticRegressionOptions, "l1"> {
  /** The λ₁ values (each ≥ 0), fitted largest first; default a grid of `nL1s` from λ₁_max down. */
  l1s?: readonly number[];
  /** Points of the default grid, log-spaced from λ₁_max to l1MinRatio·λ₁_max (default 10). */
  nL1s?: number;
  /** The default grid's smallest λ₁ over λ₁_max, in (0, 1): default 1e-4 when N > d, else 1e-2 (glmnet's). */
  l1MinRatio?: number;
  /** One non-negative weight per row. */
  sampleWeight?: ArrayLike<number>;
  /** Cancels the path (code ABORTED). */
  signal?: AbortSignal;
}

/** The optimum at one λ₁ of the path. */
export interface L1PathPoint {
  l1: number;
  /** K rows × d, as `model.coef`. */
  coef: number[][];
  intercept: number[];
  /** The features with a non-zero weight in some class, ascending. */
  nonZero: number[];
  /** f + λ₁‖W‖₁ at the point. */
  objective: number;
  iterations: number;
  converged: boolean;
  /** The KKT residual (see model.kktResidual). */
  kktResidual: number;
  stopReason: string;
}

export interface L1Path {
  /** Sorted class labels (the rows of coef). */
  classes: Label[];
  /** The smallest λ₁ at which every weight of the optimum is 0. */
  l1Max: number;
  /** The λ₁ values fitted, largest first. */
  l1s: number[];
  points: L1PathPoint[];
  /** Fallbacks taken on the way (threads that did not run, damped Hessians, …). */
  warnings: string[];
}

/** Every option l1Path takes: its grid's, and the model's but l1. */
const PATH_OPTION_NAMES = ["l1s", "nL1s", "l1MinRatio", "sampleWeight", "signal", ...OPTION_NAMES.filter((name) => name !== "l1")];

/**
 * Fit the L1 path of (X, y) (X may be a Dataset): the solver is "newton-l1" ("gd": proximal
 * gradient), λ₂ the option `l2` (default 1e-4, as for LogisticRegression; 0 for pure L1).
 */
export async function l1Path(X: MatrixInput | Dataset, y: TargetInput, options: L1PathOptions = {}): Promise<L1Path> {
  if (options === null || typeof options !== "object") fail("INVALID_OPTION", `l1Path options must be an object, got ${describe(options)}`);
  const { picked, rest: modelOptions } = splitOptions(options, ["l1s", "nL1s", "l1MinRatio", "sampleWeight", "signal"] as const);
  const { l1s, nL1s, l1MinRatio, sampleWeight, signal } = picked as typeof options;
  if ("l1" in modelOptions) fail("INVALID_OPTION", `l1Path takes the grid as option l1s (or nL1s), not l1`);
  // Unknown keys against l1Path's own names as well as the model's (resolveOptions would list,
  // and suggest, the model's alone: "nl1s" → "l1", which l1Path refuses).
  rejectUnknownKeys(modelOptions as Record<string, unknown>, PATH_OPTION_NAMES, "l1Path option");
  if (l1s !== undefined && (nL1s !== undefined || l1MinRatio !== undefined)) {
    fail("INVALID_OPTION", `l1Path takes its grid as l1s or as nL1s/l1MinRatio, not both (the grid would ignore ${nL1s !== undefined ? "nL1s" : "l1MinRatio"})`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) fail("INVALID_OPTION", `option signal must be an AbortSignal (controller.signal), got ${describe(signal)}`);
  const resolved = resolveOptions(modelOptions);
  if (!["auto", "newton", "newton-l1", "gd"].includes(resolved.solver)) {
    fail("INVALID_OPTION", `option solver "${resolved.solver}" cannot minimise an objective with an L1 term; use "auto", "newton-l1" or "gd"`);
  }
  const explicit = l1s === undefined ? undefined : checkGrid(l1s);
  const count = integer(nL1s, "nL1s", 10, 1, MAX_GRID_POINTS);
  const data = readTrainingSet(X, y, sampleWeight, (n, d) => assertShapeFits(n, d, resolved.dtype, resolved.backend, PRIVATE_CAPACITY));
  const ratio = number(l1MinRatio, "l1MinRatio", defaultL1MinRatio(data.X.rows, data.X.cols), { min: 0, exclusiveMin: true });
  if (ratio >= 1) fail("INVALID_OPTION", `option l1MinRatio must be < 1, got ${ratio}`);

  const path = await fitL1Path(data, resolved, { signal }, (max) => explicit ?? l1Grid(max, ratio, count));
  const K = data.targets.classes.length;
  const d = data.X.cols;
  const warnings = new Set(path.warnings);
  const points = path.fits.map(({ l1, result }): L1PathPoint => {
    for (const w of result.warnings) warnings.add(w);
    return {
      l1,
      ...coefficients(result.theta, K, d),
      objective: result.lossHistory.at(-1)!,
      iterations: result.iterations,
      converged: result.converged,
      kktResidual: result.kktResidual,
      stopReason: result.reason,
    };
  });
  return { classes: [...data.targets.classes], l1Max: path.l1Max, l1s: points.map((p) => p.l1), points, warnings: [...warnings] };
}

/**
 * λ₁_max of (X, y) (X may be a Dataset): the smallest λ₁ at which the optimum has every
 * weight exactly 0, i.e. max |∂f/∂W_jk| at the intercept-only optimum (exact: no
 * iterations). Options as createObjective's (l2 does not change it).
 */
export function l1Max(X: MatrixInput | Dataset, y: TargetInput, options: ObjectiveOptions = {}): number {
  if (options === null || typeof options !== "object") fail("INVALID_OPTION", `l1Max options must be an object, got ${describe(options)}`);
  // A snapshot: each option read once (createObjective checks them).
  const snapshot = ownOptions(options);
  const objective = createObjective(X, y, { ...snapshot, l2: 0 });
  try {
    const gradient = (theta: Float64Array, out: Float64Array) => out.set(objective.gradient(theta));
    const shape = { K: objective.nClasses, d: objective.nFeatures, fitIntercept: snapshot.fitIntercept ?? true };
    return maxWeightGradient(shape, gradient, interceptOnlyOptimum(shape, gradient));
  } finally {
    objective.dispose();
  }
}

function coefficients(theta: Float64Array, K: number, d: number): Pick<L1PathPoint, "coef" | "intercept" | "nonZero"> {
  const m = d + 1;
  return {
    coef: Array.from({ length: K }, (_, k) => Array.from(theta.subarray(k * m + 1, (k + 1) * m))),
    intercept: Array.from({ length: K }, (_, k) => theta[k * m]),
    nonZero: nonZeroFeatures(theta, K, d),
  };
}

/** The l1s option as given (order kept): a non-empty array of numbers ≥ 0, each read once. */
export function checkGridValues(l1s: unknown): number[] {
  // The length once, checked before any value is read.
  const length: unknown = isArrayLike(l1s) ? l1s.length : 0;
  if (!isArrayLike(l1s) || !Number.isSafeInteger(length) || length === 0) fail("INVALID_OPTION", `option l1s must be a non-empty array of numbers ≥ 0, got ${describe(l1s)}`);
  if ((length as number) > MAX_GRID_POINTS) fail("INVALID_OPTION", `option l1s lists ${length} λ₁ values; a path takes at most ${MAX_GRID_POINTS}`);
  return copyChecked(l1s as ArrayLike<unknown>, length as number, (v, i) => {
    if (v === undefined) fail("INVALID_OPTION", `option l1s[${i}] is missing`);
    return number(v, `l1s[${i}]`, 0, { min: 0 });
  });
}

/** The l1s option checked (checkGridValues), sorted largest first. */
export function checkGrid(l1s: unknown): number[] {
  return checkGridValues(l1s).sort((a, b) => b - a);
}
