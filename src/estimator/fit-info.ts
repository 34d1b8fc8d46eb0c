/** What a fit did, as `model.solver`, `nIter`, … report it and saved models record it. */
import { FITTED_SOLVERS, type FittedSolver, type ResolvedOptions } from "../input/options.js";
import { CONVERGED, CONVERGED_KKT, MAX_ITER, MAX_ITER_KKT } from "../util/stop-reasons.js";
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
export function fitInfoFromJSON(saved: Record<string, unknown>, context?: SavedFitContext): FitInfo {
  const { solver, iterations, converged, reason, lossHistory, warnings } = saved;
  const bad = (field: string, value: unknown): never => fail("INVALID_MODEL", `model training.${field} is invalid: ${describe(value)}`);
  if (solver !== undefined && !(FITTED_SOLVERS as readonly unknown[]).includes(solver)) bad("solver", solver);
  if (iterations !== undefined && !(Number.isSafeInteger(iterations) && (iterations as number) >= 0)) bad("iterations", iterations);
  if (converged !== undefined && typeof converged !== "boolean") bad("converged", converged);
  if (reason !== undefined && typeof reason !== "string") bad("reason", reason);
  if (lossHistory !== undefined && !Array.isArray(lossHistory)) bad("lossHistory", lossHistory);
  // The entry that is wrong, not just "an array of length 12".
  const badLoss = (lossHistory as unknown[] | undefined)?.findIndex((v) => typeof v !== "number" || !Number.isFinite(v)) ?? -1;
  if (badLoss >= 0) bad(`lossHistory[${badLoss}]`, (lossHistory as unknown[])[badLoss]);
  if (warnings !== undefined && !Array.isArray(warnings)) bad("warnings", warnings);
  const badWarning = (warnings as unknown[] | undefined)?.findIndex((v) => typeof v !== "string") ?? -1;
  if (badWarning >= 0) bad(`warnings[${badWarning}]`, (warnings as unknown[])[badWarning]);
  // Unknown (NaN) is saved as null by JSON.stringify.
  const { kktResidual } = saved;
  if (kktResidual !== undefined && kktResidual !== null && !(typeof kktResidual === "number" && kktResidual >= 0)) bad("kktResidual", kktResidual);
  if (context) checkAgainstOptions(saved, context);
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

/** What a saved model's fit info must agree with: its saved options (when it has them), and the partialFit state it carries. */
export interface SavedFitContext {
  options?: ResolvedOptions;
  /** The passes of the saved partialFit state, when the model was trained by partialFit. */
  partialFitEpochs?: number;
}

/** The solvers each `solver` option can end up running (auto and newton choose by the shape; an L1 term needs newton-l1 or gd). */
function solversOf(options: ResolvedOptions): readonly FittedSolver[] {
  const { solver, l1 } = options;
  if (solver === "auto") return l1 > 0 ? ["newton-l1"] : ["newton-cholesky", "newton-cg", "lbfgs"];
  if (solver === "newton") return l1 > 0 ? ["newton-l1"] : ["newton-cholesky", "newton-cg"];
  return [solver];
}

/**
 * A saved fit info that contradicts the options it was fitted with, or itself, is tampering:
 * more iterations than maxIter, a loss history of another length, "converged" with a
 * certificate above tol, a solver the options could not have run, a partialFit model
 * whose fit info is not partialFit's. Only the fields present are checked.
 */
function checkAgainstOptions(saved: Record<string, unknown>, { options, partialFitEpochs }: SavedFitContext): void {
  const { solver, iterations, converged, reason, lossHistory, kktResidual } = saved as {
    solver?: FittedSolver;
    iterations?: number;
    converged?: boolean;
    reason?: string;
    lossHistory?: number[];
    kktResidual?: number | null;
  };
  const contradiction = (message: string): never => fail("INVALID_MODEL", `model training.${message}`);
  lossHistory?.forEach((v, i) => {
    if (v < 0) contradiction(`lossHistory[${i}] is ${v}; the objective (a cross-entropy plus penalties) is never negative`);
  });
  if (partialFitEpochs !== undefined) {
    // partialFit: mini-batch SGD passes, no convergence test, no whole-data loss.
    if (solver !== undefined && solver !== "sgd") contradiction(`solver is ${describe(solver)}, but the model carries partialFit state (partialFit runs "sgd")`);
    if (iterations !== undefined && iterations !== partialFitEpochs) contradiction(`iterations is ${iterations}, but the saved partialFit state has made ${partialFitEpochs} passes`);
    if (converged === true) contradiction("converged is true, but partialFit runs no convergence test");
    if (lossHistory !== undefined && lossHistory.length > 0) contradiction(`lossHistory holds ${lossHistory.length} values, but partialFit evaluates no loss of the whole data (it saves [])`);
    if (typeof kktResidual === "number") contradiction(`kktResidual is ${kktResidual}, but partialFit evaluates no gradient of the whole data (it saves null)`);
    return;
  }
  if (options && iterations !== undefined && iterations > options.maxIter) contradiction(`iterations is ${iterations}, more than training.options.maxIter (${options.maxIter})`);
  // The start, then one value per iteration, but for a last step that found no decrease
  // (counted as an iteration, with no new point): iterations + 1 values, or iterations.
  if (iterations !== undefined && lossHistory !== undefined && lossHistory.length > 0 && lossHistory.length !== iterations + 1 && lossHistory.length !== iterations) {
    contradiction(`lossHistory holds ${lossHistory.length} values, but ${iterations} iterations record ${iterations + 1} (the start, then one per iteration; ${iterations} if the last step found no decrease)`);
  }
  if (converged === true && reason !== undefined && reason !== CONVERGED && reason !== CONVERGED_KKT) {
    contradiction(`converged is true, but reason says ${describe(reason)}`);
  }
  if (converged === false && (reason === CONVERGED || reason === CONVERGED_KKT)) contradiction(`converged is false, but reason says ${describe(reason)}`);
  if (!options) return;
  if (solver !== undefined && !solversOf(options).includes(solver)) {
    contradiction(`solver is ${describe(solver)}, which training.options (solver ${describe(options.solver)}, l1 ${options.l1}) cannot run`);
  }
  if ((reason === MAX_ITER || reason === MAX_ITER_KKT) && iterations !== undefined && iterations !== options.maxIter) {
    contradiction(`reason says maxIter was reached, but iterations is ${iterations} and training.options.maxIter ${options.maxIter}`);
  }
  if ((reason === MAX_ITER_KKT || reason === CONVERGED_KKT) !== options.l1 > 0 && (reason === MAX_ITER || reason === MAX_ITER_KKT || reason === CONVERGED || reason === CONVERGED_KKT)) {
    contradiction(`reason ${describe(reason)} is not the one a fit with l1 ${options.l1} gives`);
  }
  // Converged means the certificate reached tol (the test is max |∇f| ≤ tol on the same value).
  if (converged === true && typeof kktResidual === "number" && !(kktResidual <= options.tol)) {
    contradiction(`converged is true, but kktResidual ${kktResidual} is above training.options.tol (${options.tol})`);
  }
}
