/** What a fit did, as `model.solver`, `nIter`, … report it and saved models record it. */
import { FITTED_SOLVERS, type FittedSolver } from "../input/options.js";
import { describe } from "../input/checks.js";
import { fail } from "../util/errors.js";

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

/**
 * The fit info recorded in a saved model's `training`. Missing fields get neutral values (a
 * model built elsewhere); a field present with a value toJSON never writes is tampering and
 * gives INVALID_MODEL.
 */
export function fitInfoFromJSON(saved: Record<string, unknown>): FitInfo {
  const { solver, iterations, converged, reason, lossHistory, warnings } = saved;
  const bad = (field: string, value: unknown): never => fail("INVALID_MODEL", `model training.${field} is invalid: ${describe(value)}`);
  if (solver !== undefined && !(FITTED_SOLVERS as readonly unknown[]).includes(solver)) bad("solver", solver);
  if (iterations !== undefined && !(Number.isSafeInteger(iterations) && (iterations as number) >= 0)) bad("iterations", iterations);
  if (converged !== undefined && typeof converged !== "boolean") bad("converged", converged);
  if (reason !== undefined && typeof reason !== "string") bad("reason", reason);
  if (lossHistory !== undefined && !(Array.isArray(lossHistory) && lossHistory.every((v) => typeof v === "number" && Number.isFinite(v)))) {
    bad("lossHistory", lossHistory);
  }
  if (warnings !== undefined && !(Array.isArray(warnings) && warnings.every((v) => typeof v === "string"))) bad("warnings", warnings);
  // Unknown (NaN) is saved as null by JSON.stringify.
  const { kktResidual } = saved;
  if (kktResidual !== undefined && kktResidual !== null && !(typeof kktResidual === "number" && kktResidual >= 0)) bad("kktResidual", kktResidual);
  return {
    solver: solver as FittedSolver | undefined,
    iterations: (iterations as number | undefined) ?? 0,
    converged: converged === true,
    reason: (reason as string | undefined) ?? "loaded from JSON",
    lossHistory: [...((lossHistory as number[] | undefined) ?? [])],
    kktResidual: (kktResidual as number | null | undefined) ?? NaN,
    warnings: [...((warnings as string[] | undefined) ?? [])],
  };
}
