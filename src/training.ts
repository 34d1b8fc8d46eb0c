/**
 * One fit from validated inputs to a result: place the data in kernel memory, build the
 * Objective, pick and run the solver, diagnose separable data, and always free the memory
 * afterwards.
 */
import type { Matrix, Targets } from "./data.js";
import { Objective } from "./objective.js";
import type { FittedSolver, ResolvedOptions } from "./options.js";
import { ResidentProblem } from "./problem.js";
import type { Backend } from "./kernels/kernels.js";
import { gradientDescent } from "./solvers/gradient-descent.js";
import { lbfgs } from "./solvers/lbfgs.js";
import { resolveSolver } from "./solvers/choose-solver.js";
import { newtonCg, newtonCholesky } from "./solvers/newton.js";
import { SEPARABLE, looksSeparable } from "./solvers/separation.js";
import { stochasticGradientDescent } from "./solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "./solvers/solver.js";

export interface TrainingInput {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

/** The solvers by the names a fit reports (and the `solver` option accepts). */
const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
};

/** Set up the problem and return the solver run plus a cleanup to call when it ends. */
export function startTraining(input: TrainingInput, options: ResolvedOptions, backend: Backend): {
  solver: Generator<IterationReport, SolverResult, void>;
  solverUsed: FittedSolver;
  release: () => void;
} {
  const problem = new ResidentProblem(backend, input.X, input.targets, input.weights, options.fitIntercept, options.dtype);
  const objective = new Objective(problem, options.l2);
  const solverUsed = resolveSolver(options, problem.n, problem.d, problem.K);
  const run = SOLVERS[solverUsed](objective, new Float64Array(objective.size), options);
  return { solver: diagnosed(run, objective, options.fitIntercept), solverUsed, release: () => problem.dispose() };
}

/** Pass the solver's iterations through, then replace a hollow "converged" on separable data. */
function* diagnosed(
  run: Generator<IterationReport, SolverResult, void>,
  objective: Objective,
  fitIntercept: boolean,
): Generator<IterationReport, SolverResult, void> {
  const result = yield* run;
  if (!looksSeparable(objective, result, fitIntercept)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
