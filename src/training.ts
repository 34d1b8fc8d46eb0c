/**
 * One fit from validated inputs to a result: place the data in kernel memory, build the
 * Objective, pick and run the solver, and always free the memory afterwards.
 */
import type { Matrix, Targets } from "./data.js";
import { Objective } from "./objective.js";
import type { ResolvedOptions } from "./options.js";
import { ResidentProblem } from "./problem.js";
import { getBackend } from "./runtime.js";
import { gradientDescent } from "./solvers/gradient-descent.js";
import { newton } from "./solvers/newton.js";
import { stochasticGradientDescent } from "./solvers/sgd.js";
import type { IterationReport, SolverResult } from "./solvers/solver.js";

export interface TrainingInput {
  X: Matrix;
  targets: Targets;
  weights: Float64Array;
}

/** Set up the problem and return the solver generator plus a cleanup to call when it ends. */
export function startTraining(input: TrainingInput, options: ResolvedOptions): {
  solver: Generator<IterationReport, SolverResult, void>;
  release: () => void;
} {
  const problem = new ResidentProblem(getBackend(options.backend), input.X, input.targets, input.weights, options.fitIntercept);
  const objective = new Objective(problem, options.l2);
  const theta0 = new Float64Array(objective.size);
  const solvers = { newton, gd: gradientDescent, sgd: stochasticGradientDescent };
  return { solver: solvers[options.solver](objective, theta0, options), release: () => problem.dispose() };
}
