/**
 * Full-batch gradient descent. The first step is 1/L from the objective's curvature bound
 * (a Lipschitz constant of the gradient), safe but often loose, so each iteration first
 * tries twice the last accepted step and backtracks (Armijo) from there. With an L1 term
 * it is proximal gradient descent (proximal-gradient.ts).
 */
import type { Objective } from "../objective/objective.js";
import { descend, steepestDescent } from "./descent.js";
import { proximalGradient } from "./proximal-gradient.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

export function gradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  // With an L1 term the gradient step becomes a proximal one.
  if (objective.penalty.l1 > 0) return proximalGradient(objective, theta0, settings);
  let step = 1 / objective.curvatureBound();
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
