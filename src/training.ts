/**
 * One fit from validated inputs to a result: place the data in kernel memory, build the
 * Objective, pick and run the solver, diagnose separable data, and always free the memory
 * afterwards.
 */
import type { Matrix, Targets } from "./data.js";
import { Objective } from "./objective.js";
import type { ResolvedOptions } from "./options.js";
import { ResidentProblem } from "./problem.js";
import { getBackend } from "./runtime.js";
import { gradientDescent } from "./solvers/gradient-descent.js";
import { newton } from "./solvers/newton.js";
import { SEPARABLE, looksSeparable } from "./solvers/separation.js";
import { stochasticGradientDescent } from "./solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "./solvers/solver.js";

export interface TrainingInput {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

const SOLVERS: Record<ResolvedOptions["solver"], Solver> = { newton, gd: gradientDescent, sgd: stochasticGradientDescent };

/** Set up the problem and return the solver run plus a cleanup to call when it ends. */
export function startTraining(input: TrainingInput, options: ResolvedOptions): {
  solver: Generator<IterationReport, SolverResult, void>;
  release: () => void;
} {
  const problem = new ResidentProblem(getBackend(options.backend), input.X, input.targets, input.weights, options.fitIntercept);
  const objective = new Objective(problem, options.l2);
  const run = SOLVERS[options.solver](objective, new Float64Array(objective.size), options);
  return { solver: diagnosed(run, objective), release: () => problem.dispose() };
}

/** Pass the solver's iterations through, then replace a hollow "converged" on separable data. */
function* diagnosed(run: Generator<IterationReport, SolverResult, void>, objective: Objective): Generator<IterationReport, SolverResult, void> {
  const result = yield* run;
  if (!looksSeparable(objective, result)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
