/**
 * One fit from validated input to a result: choose the kernels, place the data in kernel
 * memory, build the Objective, pick and run the solver (driven by drive.ts), diagnose
 * separable data, and always free the kernel memory afterwards.
 */
import type { Backend } from "../backends/backend.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import type { TrainingSet } from "../input/training-set.js";
import { Objective } from "../objective/objective.js";
import { placeTrainingSet } from "../objective/place-training-set.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { newtonCg, newtonCholesky } from "../solvers/newton.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "../solvers/solver.js";
import { backendFor, backendForSync } from "./backend-choice.js";
import { resolveSolver } from "./choose-solver.js";
import { drive, driveSync, type DriveControls } from "./drive.js";
import { SEPARABLE, looksSeparable } from "./separation.js";

/** The solvers by the names a fit reports (and the `solver` option accepts). */
const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
};

/** What a fit produced. */
export interface FitOutcome {
  result: SolverResult;
  solver: FittedSolver;
  /** Fallbacks taken: threads that did not run, then the solver's own. */
  warnings: string[];
}

/** Fit, yielding to the event loop between iterations (and starting thread workers if asked). */
export async function fit(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): Promise<FitOutcome> {
  const { backend, warnings } = await backendFor(options);
  const run = start(data, options, backend);
  try {
    return outcome(await drive(run.iterations, controls), run.solver, warnings);
  } finally {
    run.release();
  }
}

/** The same without yielding. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): FitOutcome {
  const { backend, warnings } = backendForSync(options);
  const run = start(data, options, backend);
  try {
    return outcome(driveSync(run.iterations, controls), run.solver, warnings);
  } finally {
    run.release();
  }
}

function outcome(result: SolverResult, solver: FittedSolver, warnings: string[]): FitOutcome {
  return { result, solver, warnings: [...warnings, ...result.warnings] };
}

/** Set up the problem; returns the solver's iterations and a cleanup to call when they end. */
function start(data: TrainingSet, options: ResolvedOptions, backend: Backend) {
  const objective = new Objective(placeTrainingSet(backend, data, options.fitIntercept, options.dtype), { l2: options.l2 });
  try {
    const solver = resolveSolver(options, objective.nRows, objective.d, objective.K);
    const iterations = diagnosed(SOLVERS[solver](objective, new Float64Array(objective.size), options), objective);
    return { iterations, solver, release: () => objective.dispose() };
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
