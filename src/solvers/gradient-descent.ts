/**
 * Full-batch gradient descent. The first step is 1/L from a Lipschitz bound of the
 * gradient: the softmax curvature diag(p) − ppᵀ ≼ ½I gives
 *   L ≤ ½·Σ w‖x̂‖²/Σw + λ,
 * a safe but often loose bound, so each iteration first tries twice the last accepted
 * step and backtracks (Armijo) from there.
 */
import type { Objective } from "../objective.js";
import { recentre } from "./free-parameters.js";
import { backtrack } from "./line-search.js";
import { CONVERGED, MAX_ITER, maxAbs, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";

export function lipschitzBound(objective: Objective): number {
  const norms = objective.problem.rowNorms();
  return 0.5 * (norms.weightedSum / objective.problem.weightSum) + objective.l2;
}

export function* gradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  let theta = Float64Array.from(theta0);
  let gradient = new Float64Array(P);
  let trial = new Float64Array(P);
  let trialGradient = new Float64Array(P);
  const direction = new Float64Array(P);
  // Intercept entries stay at zero without an intercept column: their gradient is zero.
  let step = 1 / lipschitzBound(objective);

  let loss = objective.lossGradient(theta, gradient);
  const lossHistory = [loss];
  let reason = MAX_ITER;
  let converged = false;
  let iteration = 0;
  while (true) {
    if (maxAbs(gradient) <= settings.tol) {
      converged = true;
      reason = CONVERGED;
      break;
    }
    if (iteration >= settings.maxIter) break;
    iteration++;
    for (let i = 0; i < P; i++) direction[i] = -gradient[i];
    const search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient, 2 * step);
    if (!search.accepted) {
      reason = "stopped: the line search found no decrease (the loss is flat to float64 precision)";
      break;
    }
    step = search.step;
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    loss = search.loss;
    lossHistory.push(loss);
    yield { iteration, loss, gradientNorm: maxAbs(gradient), step };
  }
  recentre(theta, objective.K, objective.d, objective.l2);
  return { theta, iterations: iteration, converged, reason, lossHistory, warnings: [], lastStep: null };
}
