/**
 * Full-batch gradient descent. The first step is 1/L from the objective's curvature bound
 * (a Lipschitz constant of the gradient), safe but often loose, so each iteration first
 * tries twice the last accepted step and backtracks (Armijo) from there.
 */
import type { Objective } from "../objective/objective.js";
import { descend, steepestDescent } from "./descent.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

export function gradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
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
