/**
 * The objective of one fit, from validated input, options and X̂ in kernel memory: the
 * effective row weights (class weights), the resident targets and weights, the
 * standardisation (or a first-order solver's preconditioner) and the penalty. Everything the
 * objective knows is decided here, so fit, partialFit and cross-validation set it up alike.
 */
import type { ResolvedOptions } from "../input/options.js";
import type { TrainingSet } from "../input/training-set.js";
import { Objective } from "../objective/objective.js";
import { residentFor, type ResidentX } from "../objective/resident-for.js";
import type { Resident } from "../objective/resident.js";
import { classWeights, effectiveWeights } from "../objective/row-weights.js";
import { ColumnScaling, columnStatistics, type ColumnStatistics } from "../objective/standardization.js";
import { BAD_SCALE_RATIO, LBFGS_SCALE_RATIO, badScaleSpread, penaltyFlooredStatistics, type ScaleSpread } from "./scaling-warning.js";

/** What a fit's objective was built from, for the model to report and save. */
export interface ProblemInfo {
  /** The weight of each class (classes order), when classWeight was given. */
  classWeights: Float64Array | null;
  /** The standardisation, when standardize was set: x̃ = (x − shift)/scale. */
  scaling: ColumnScaling | null;
}

export interface Problem extends ProblemInfo {
  objective: Objective;
  /** The data in kernel memory (the objective's), for inference's direct use. */
  resident: Resident;
  /** The effective row weights (sample weights times class weights). */
  weights: Float64Array;
  /** The spread of the column scales that made a first-order solver precondition, if it did. */
  preconditioned: ScaleSpread | null;
}

/** Which options the objective depends on. */
export type ProblemOptions = Pick<ResolvedOptions, "l2" | "l1" | "fitIntercept" | "classWeight" | "standardize">;

/**
 * How a solver may precondition badly scaled features (by the columns' spread floored by the
 * penalty, scaling-warning.ts): not at all, from a spread of BAD_SCALE_RATIO with a warning
 * (gd, sgd, which need it to converge at all), or from LBFGS_SCALE_RATIO silently (L-BFGS).
 */
export type Preconditioning = "none" | "spread" | "curvature";

/**
 * The objective on `matrix` (freed with the objective when `ownsMatrix`, also when this
 * throws). With `preconditioning`, badly scaled features get a diagonal preconditioner.
 */
export function buildProblem(matrix: ResidentX, ownsMatrix: boolean, data: TrainingSet, options: ProblemOptions, preconditioning: Preconditioning = "none"): Problem {
  let resident: Resident | undefined;
  try {
    const perClass = classWeights(options.classWeight, data.targets);
    const weights = effectiveWeights(data.weights, data.targets, perClass);
    resident = residentFor(matrix, data.targets, weights, options.fitIntercept, ownsMatrix);
    // The scaler sees the sample weights only, as a scikit-learn pipeline's StandardScaler does.
    const statistics = options.standardize || preconditioning !== "none" ? columnStatistics(resident, data.weights) : null;
    const scaling = options.standardize && statistics ? new ColumnScaling(statistics, options.fitIntercept, resident.K) : null;
    const { preconditioner, preconditioned } = !scaling && statistics ? preconditionerFor(statistics, options, preconditioning, resident.K) : NO_PRECONDITIONER;
    const objective = new Objective(resident, { l2: options.l2, l1: options.l1 }, scaling ?? preconditioner ?? undefined);
    return { objective, resident, weights, classWeights: perClass, scaling, preconditioned };
  } catch (e) {
    // The resident data free an own matrix with themselves; before they exist it is ours to free.
    if (resident) resident.dispose();
    else if (ownsMatrix) matrix.release();
    throw e;
  }
}

/** A first-order solver's diagonal preconditioner, with the spread of column scales that called for it. */
export interface Preconditioner {
  preconditioner: ColumnScaling | null;
  preconditioned: ScaleSpread | null;
}

const NO_PRECONDITIONER: Preconditioner = { preconditioner: null, preconditioned: null };

/**
 * The preconditioner `preconditioning` asks for on columns with these statistics (of the
 * training rows, sample-weighted), or none when their scales are within the solver's limit.
 * One fit and each candidate λ of a cross-validated search decide it alike.
 */
export function preconditionerFor(statistics: ColumnStatistics, options: Pick<ProblemOptions, "l2" | "fitIntercept">, preconditioning: Preconditioning, K: number): Preconditioner {
  if (preconditioning === "none") return NO_PRECONDITIONER;
  // Floored by the penalty for every solver: a column of tiny values is held by λ, and
  // dividing it by its own scale would make the penalty the stiffest direction (gd's step
  // follows the stiffest curvature, so it stalled there).
  const spread = penaltyFlooredStatistics(statistics, options.l2);
  const limit = preconditioning === "curvature" ? LBFGS_SCALE_RATIO : BAD_SCALE_RATIO;
  const preconditioned = badScaleSpread(spread, options.fitIntercept, limit);
  return preconditioned ? { preconditioner: new ColumnScaling(spread, options.fitIntercept, K, "precondition"), preconditioned } : NO_PRECONDITIONER;
}
