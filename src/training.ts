/**
 * One fit from validated inputs to a result: place the data in kernel memory, build the
 * Objective, pick and run the solver, diagnose separable data, and always free the memory
 * afterwards.
 */
import type { Matrix, Targets } from "./data.js";
import { collectStatistics, inferenceFits } from "./inference/fit-statistics.js";
import { hasFlatDirection } from "./inference/flat-direction.js";
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
  return { solver: diagnosed(run, objective, options, input), solverUsed, release: () => problem.dispose() };
}

/**
 * Pass the solver's iterations through, then replace a hollow "converged" on separable
 * data, and keep the statistics inference needs when the fit is unpenalised.
 */
function* diagnosed(
  run: Generator<IterationReport, SolverResult, void>,
  objective: Objective,
  options: ResolvedOptions,
  input: TrainingInput,
): Generator<IterationReport, SolverResult, void> {
  const solved = yield* run;
  const separable = looksSeparable(objective, solved, options.fitIntercept);
  const result = separable ? { ...solved, converged: false, reason: SEPARABLE } : solved;
  if (options.l2 !== 0 || !inferenceFits(objective.size)) return result;
  return { ...result, statistics: statisticsAt(objective, result, input, options, separable) };
}

/** The summed information and the score products at the optimum (inference/fit-statistics.ts). */
function statisticsAt(objective: Objective, result: SolverResult, input: TrainingInput, options: ResolvedOptions, separable: boolean) {
  const { problem } = objective;
  const lossSum = problem.lossGradient(result.theta, null, true);
  const information = new Float64Array(objective.size * objective.size);
  problem.hessian(information);
  const { targets } = input;
  const statistics = collectStatistics({
    X: input.X,
    labels: targets.kind === "labels" ? targets.index : null,
    soft: targets.kind === "soft" ? targets.probabilities : null,
    K: problem.K,
    weights: input.weights,
    fitIntercept: options.fitIntercept,
    float32: options.dtype === "float32",
    probabilities: problem.keptProbabilities(),
    information,
    logLikelihood: -lossSum,
    converged: result.converged,
    separable,
  });
  // Quasi-complete separation leaves the fit looking converged; inference must not believe it.
  const score = new Float64Array(objective.size);
  problem.lossGradient(result.theta, score);
  for (let i = 0; i < score.length; i++) score[i] = -score[i];
  statistics.separable ||= hasFlatDirection({
    information,
    score,
    K: problem.K,
    d: problem.d,
    fitIntercept: options.fitIntercept,
    theta: result.theta,
    logLikelihood: (theta) => -problem.lossGradient(theta, null),
  });
  return statistics;
}
