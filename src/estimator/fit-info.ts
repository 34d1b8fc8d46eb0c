/** What a fit did, as `model.solver`, `nIter`, … report it and saved models record it. */
import { FITTED_SOLVERS, type FittedSolver } from "../input/options.js";

/** What the last successful fit did. */
export interface FitInfo {
  /**
   * The solver that ran ("auto" and "newton" resolve to one); absent for a model loaded from
   * JSON that does not record it.
   */
  solver?: FittedSolver;
  /** Iterations run (epochs for SGD). */
  iterations: number;
  /** Whether max |gradient| ≤ tol was reached (false on separable data without a penalty). */
  converged: boolean;
  /** Why the fit stopped. */
  reason: string;
  /** Objective after every iteration, the start first. */
  lossHistory: number[];
  /**
   * The optimality certificate of the final iterate: max |∇f|, or with an L1 term the KKT
   * residual (max-norm of the minimum-norm subgradient). NaN when unknown (older saved models).
   */
  kktResidual: number;
  /** Fallbacks taken (damped Hessian, gradient steps, one thread instead of several). */
  warnings: string[];
}

/** The fit info recorded in a saved model's `training`; missing or malformed fields get neutral values. */
export function fitInfoFromJSON(saved: Record<string, unknown>): FitInfo {
  return {
    solver: (FITTED_SOLVERS as readonly unknown[]).includes(saved.solver) ? (saved.solver as FittedSolver) : undefined,
    iterations: Number.isSafeInteger(saved.iterations) ? (saved.iterations as number) : 0,
    converged: saved.converged === true,
    reason: typeof saved.reason === "string" ? saved.reason : "loaded from JSON",
    lossHistory: Array.isArray(saved.lossHistory) ? saved.lossHistory.filter((v) => typeof v === "number") : [],
    kktResidual: typeof saved.kktResidual === "number" && saved.kktResidual >= 0 ? saved.kktResidual : NaN,
    warnings: Array.isArray(saved.warnings) ? saved.warnings.filter((v) => typeof v === "string") : [],
  };
}
