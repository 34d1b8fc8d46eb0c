/**
 * One fit from validated inputs to a result: place the data in kernel memory, build the
 * Objective, pick and run the solver, diagnose separable data, and always free the memory
 * afterwards.
 */
import type { Matrix, Targets } from "./data.js";
import { Objective } from "./objective.js";
import type { ResolvedOptions } from "./options.js";
import { ResidentProblem } from "./problem.js";
import type { Backend } from "./kernels/kernels.js";
import { gradientDescent } from "./solvers/gradient-descent.js";
import { lbfgs } from "./solvers/lbfgs.js";
import { chooseNewtonVariant, chooseSolver, type SolverChoice } from "./solvers/choose-solver.js";
import { newton } from "./solvers/newton.js";
import { SEPARABLE, looksSeparable } from "./solvers/separation.js";
import { stochasticGradientDescent } from "./solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "./solvers/solver.js";

export interface TrainingInput {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

/** The solvers by the names a fit reports (`solver: "auto"` resolves to one of the first three). */
const SOLVERS: Record<SolverUsed, Solver> = {
  "newton-cholesky": (o, t, s) => newton(o, t, s, "cholesky"),
  "newton-cg": (o, t, s) => newton(o, t, s, "cg"),
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
};

export type SolverUsed = SolverChoice | "gd" | "sgd";

/** The solver a fit will run: the user's choice, Newton's inner solve, or the cost model's pick for "auto". */
export function resolveSolver(options: ResolvedOptions, n: number, d: number, K: number): SolverUsed {
  switch (options.solver) {
    case "auto":
      // Without a penalty the optimum may be at infinity; Newton's steps are what tell that apart.
      if (options.l2 === 0) return chooseNewtonVariant(n, d, K) === "cholesky" ? "newton-cholesky" : "newton-cg";
      return chooseSolver(n, d, K);
    case "newton":
      return chooseNewtonVariant(n, d, K) === "cholesky" ? "newton-cholesky" : "newton-cg";
    default:
      return options.solver;
  }
}

/** Set up the problem and return the solver run plus a cleanup to call when it ends. */
export function startTraining(input: TrainingInput, options: ResolvedOptions, backend: Backend): {
  solver: Generator<IterationReport, SolverResult, void>;
  solverUsed: SolverUsed;
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
