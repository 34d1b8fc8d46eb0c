/**
 * One fit from validated input to a result: choose the kernels, place the data in kernel
 * memory, build the Objective, pick and run the solver (driven by drive.ts), diagnose
 * separable data, and always free the kernel memory afterwards.
 */
import type { Backend } from "../backends/backend.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import type { TrainingSet } from "../input/training-set.js";
import type { Objective } from "../objective/objective.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { newtonCg, newtonCholesky } from "../solvers/newton.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import { STOPPED_BY_CALLBACK, type IterationReport, type Solver, type SolverResult } from "../solvers/solver.js";
import { backendFor, backendForSync } from "./backend-choice.js";
import { resolveSolver } from "./choose-solver.js";
import { drive, driveSync, type DriveControls } from "./drive.js";
import { setUpProblem, type ProblemInfo } from "./problem.js";
import { badScalingWarning } from "./scaling-warning.js";
import { SEPARABLE, looksSeparable } from "./separation.js";
import { statisticsAtOptimum } from "../inference/at-optimum.js";
import type { FitStatistics } from "../inference/fit-statistics.js";

/** The solvers by the names a fit reports (and the `solver` option accepts). */
export const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
};

/** What a fit produced: the solver's result with θ in original units, and what the objective was built from. */
export interface FitOutcome extends ProblemInfo {
  result: SolverResult;
  solver: FittedSolver;
  /** Fallbacks taken: threads that did not run, then the solver's own. */
  warnings: string[];
  /** What inference needs, kept by unpenalised fits (inference/at-optimum.ts). */
  statistics?: FitStatistics;
}

/** Fit, yielding to the event loop between iterations (and starting thread workers if asked). */
export async function fit(data: TrainingSet, options: ResolvedOptions, controls: DriveControls, init?: Float64Array): Promise<FitOutcome> {
  const { backend, warnings } = await backendFor(options);
  const run = start(data, options, backend, init);
  try {
    return run.outcome(await drive(run.iterations, controls), warnings);
  } finally {
    run.release();
  }
}

/** The same without yielding. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls, init?: Float64Array): FitOutcome {
  const { backend, warnings } = backendForSync(options);
  const run = start(data, options, backend, init);
  try {
    return run.outcome(driveSync(run.iterations, controls), warnings);
  } finally {
    run.release();
  }
}

/**
 * Set up the problem; returns the solver's iterations, how to turn their result into the
 * outcome, and a cleanup to call when they end. `init`, in original units, is the start.
 */
function start(data: TrainingSet, options: ResolvedOptions, backend: Backend, init?: Float64Array) {
  const firstOrder = options.solver === "gd" || options.solver === "sgd";
  const problem = setUpProblem(data, options, backend, firstOrder);
  const { objective } = problem;
  try {
    const solver = resolveSolver(options, objective.nRows, objective.d, objective.K);
    const scalingWarning = problem.preconditioned ? badScalingWarning(problem.preconditioned, solver) : null;
    const theta0 = init ? objective.fromOriginal(init) : new Float64Array(objective.size);
    const iterations = diagnosed(SOLVERS[solver](objective, theta0, options), objective);
    const outcome = (result: SolverResult, backendWarnings: string[]): FitOutcome => {
      const theta = objective.toOriginal(result.theta);
      // Maximum-likelihood fits keep what inference needs (while the data are still resident),
      // in original units and with the effective row weights the fit used.
      const statistics =
        options.l2 === 0
          ? statisticsAtOptimum(problem.resident, { ...data, weights: problem.weights }, { theta, converged: result.converged, separable: result.reason === SEPARABLE })
          : undefined;
      return {
        result: { ...result, theta },
        solver,
        warnings: [...backendWarnings, ...(scalingWarning ? [scalingWarning] : []), ...result.warnings],
        classWeights: problem.classWeights,
        scaling: problem.scaling,
        statistics,
      };
    };
    return { iterations, solver, outcome, release: () => objective.dispose() };
  } catch (e) {
    // A solver may refuse the problem when set up (Newton-Cholesky: a Hessian too large).
    objective.dispose();
    throw e;
  }
}

/** Pass the solver's iterations through, then replace a hollow "converged" on separable data. */
function* diagnosed(run: Generator<IterationReport, SolverResult, void>, objective: Objective): Generator<IterationReport, SolverResult, void> {
  const result = yield* run;
  // Stopped by the caller: their iterate, their reason.
  if (result.reason === STOPPED_BY_CALLBACK || !looksSeparable(objective, result)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
