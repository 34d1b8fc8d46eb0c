/**
 * One fit from validated input to a result: choose the kernels, place the data in kernel
 * memory, build the Objective, pick and run the solver (driven by drive.ts), diagnose
 * separable data, and always free the kernel memory afterwards.
 */
import type { Backend } from "../backends/backend.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import type { TrainingSet } from "../input/training-set.js";
import { Objective } from "../objective/objective.js";
import { ResidentData } from "../objective/resident-data.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { newtonCg, newtonCholesky } from "../solvers/newton.js";
import { newtonL1 } from "../solvers/newton-l1.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "../solvers/solver.js";
import { backendFor, backendForSync } from "./backend-choice.js";
import { resolveSolver } from "./choose-solver.js";
import { drive, driveSync, type DriveControls } from "./drive.js";
import { SEPARABLE, looksSeparable } from "./separation.js";
import { statisticsAtOptimum } from "../inference/at-optimum.js";
import type { FitStatistics } from "../inference/fit-statistics.js";

/** The solvers by the names a fit reports (and the `solver` option accepts). */
const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
  "newton-l1": newtonL1,
};

/** The solver a fit reports as `name` (for callers that run several fits on one objective's data). */
export function solverNamed(name: FittedSolver): Solver {
  return SOLVERS[name];
}

/** What a fit produced. */
export interface FitOutcome {
  result: SolverResult;
  solver: FittedSolver;
  /** Fallbacks taken: threads that did not run, then the solver's own. */
  warnings: string[];
  /** What inference needs, kept by unpenalised fits (inference/at-optimum.ts). */
  statistics?: FitStatistics;
}

/** Fit, yielding to the event loop between iterations (and starting thread workers if asked). */
export async function fit(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): Promise<FitOutcome> {
  const { backend, warnings } = await backendFor(options);
  const run = start(data, options, backend);
  try {
    return outcome(await drive(run.iterations, controls), run, warnings);
  } finally {
    run.release();
  }
}

/** The same without yielding. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): FitOutcome {
  const { backend, warnings } = backendForSync(options);
  const run = start(data, options, backend);
  try {
    return outcome(driveSync(run.iterations, controls), run, warnings);
  } finally {
    run.release();
  }
}

function outcome(result: SolverResult, run: ReturnType<typeof start>, warnings: string[]): FitOutcome {
  return { result, solver: run.solver, warnings: [...warnings, ...result.warnings], statistics: run.statistics(result) };
}

/** Set up the problem; returns the solver's iterations and a cleanup to call when they end. */
function start(data: TrainingSet, options: ResolvedOptions, backend: Backend) {
  const resident = new ResidentData(backend, data.X, data.targets, data.weights, options.fitIntercept, options.dtype);
  const objective = new Objective(resident, { l2: options.l2, l1: options.l1 });
  try {
    const solver = resolveSolver(options, objective.nRows, objective.d, objective.K);
    const iterations = diagnosed(SOLVERS[solver](objective, new Float64Array(objective.size), options), objective);
    // Maximum-likelihood fits (no penalty: neither L2 nor L1) keep what inference needs (while the data are still resident).
    const statistics = (result: SolverResult) =>
      options.l2 === 0 && options.l1 === 0
        ? statisticsAtOptimum(resident, data, { theta: result.theta, converged: result.converged, separable: result.reason === SEPARABLE })
        : undefined;
    return { iterations, solver, statistics, release: () => objective.dispose() };
  } catch (e) {
    // A solver may refuse the problem when set up (Newton-Cholesky: a Hessian too large).
    objective.dispose();
    throw e;
  }
}

/** Pass the solver's iterations through, then replace a hollow "converged" on separable data. */
function* diagnosed(run: Generator<IterationReport, SolverResult, void>, objective: Objective): Generator<IterationReport, SolverResult, void> {
  const result = yield* run;
  if (!looksSeparable(objective, result)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
