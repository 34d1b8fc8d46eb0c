/**
 * Full-batch gradient descent. The first step is 1/L from a Lipschitz bound of the
 * gradient: the softmax curvature diag(p) − ppᵀ ≼ ½I gives
 *   L ≤ ½·Σ w‖x̂‖²/Σw + λ,
 * a safe but often loose bound, so each iteration first tries twice the last accepted
 * step and backtracks (Armijo) from there.
 */
import type { Objective } from "../objective/objective.js";
import { descend, steepestDescent } from "./descent.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

export function lipschitzBound(objective: Objective): number {
  const norms = objective.problem.rowNorms();
  return 0.5 * (norms.weightedSum / objective.problem.weightSum) + objective.l2;
}

export function gradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  let step = 1 / lipschitzBound(objective);
  return descend(objective, theta0, settings, {
    warnings: new Set(),
    direction(state, direction) {
      steepestDescent(state, direction);
      return 2 * step;
    },
    fallback: () => null,
    accepted(_before, _after, t) {
      step = t;
    },
  });
}
