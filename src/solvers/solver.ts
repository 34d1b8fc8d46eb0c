/**
 * What every solver shares: its inputs, the per-iteration report it yields, and the
 * result it returns. Solvers are generators so that the caller (fit) decides when to
 * report progress, yield to the event loop or stop on an AbortSignal, while the solvers
 * themselves stay plain synchronous loops.
 */
import type { FittedSolver } from "../input/options.js";
import type { Objective } from "../objective/objective.js";

export interface SolverSettings {
  tol: number;
  maxIter: number;
  seed: number;
  batchSize: number;
  learningRate: number | "auto";
}

/** Yielded after every iteration (epoch for SGD). */
export interface IterationReport {
  /** 1-based iteration (epoch for SGD). */
  iteration: number;
  /** Objective value after the iteration. */
  loss: number;
  /** max |∇f| after the iteration. */
  gradientNorm: number;
  /** Step length taken along the search direction (the learning rate for SGD). */
  step: number;
  /**
   * The parameters after the iteration, class-major θ[k(d+1) + j] (j = 0 the intercept),
   * before the final re-centring: for custom stopping rules, such as validation accuracy,
   * and for tracking progress. The solver yields its own array (valid until it resumes);
   * drive.ts hands the caller's onIteration a copy, so a fit without a callback copies nothing.
   */
  theta: Float64Array;
}

export interface SolverResult {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  /** Why the solver stopped, in words a user can act on. */
  reason: string;
  lossHistory: number[];
  /**
   * max |∇f| at the final iterate; with an L1 term the max-norm of the minimum-norm
   * subgradient, the KKT residual. `converged` means it is at most tol.
   */
  kktResidual: number;
  /** Fallbacks taken on the way (damped Hessian, steepest-descent steps, …). */
  warnings: string[];
  /** The last accepted Newton step (null for other solvers or no step), for the separation diagnosis. */
  lastStep: Float64Array | null;
  /** The solver whose iterate θ is, when a run changed solvers on the way (lbfgs-fallback.ts). */
  solver?: FittedSolver;
}

export type Solver = (objective: Objective, theta0: Float64Array, settings: SolverSettings) => Generator<IterationReport, SolverResult, void>;

export { CONVERGED, CONVERGED_KKT, MAX_ITER, MAX_ITER_KKT } from "../util/stop-reasons.js";
export const STOPPED_BY_CALLBACK = "stopped: onIteration returned false (the model keeps that iteration's parameters)";
