/**
 * Without a penalty, separable data have no finite optimum: the loss keeps falling as the
 * weights grow along a separating direction, and a solver "converges" only because the
 * gradient underflows. This check tells that case apart after the fact, so the fit can say
 * so instead of presenting arbitrary, huge coefficients as an optimum, also when it ran out
 * of iterations. Any one sign is enough (λ = 0 only):
 *
 * - θ classifies every (weighted) row correctly: then θ itself separates the classes, the
 *   exact certificate of complete separation (hard labels only);
 * - the loss is essentially zero: only separable data can be fitted that perfectly;
 * - pushing on along a Newton step (the last one Newton took, or one computed here by
 *   conjugate gradients for the other solvers) ten steps further still lowers the loss.
 *   Newton steps fit the local curvature, so at or near a finite optimum such an
 *   extrapolation overshoots and raises the loss; on separable data the curvature along the
 *   separating direction vanishes, the steps stay long, point outward and keep paying off;
 * - the solver stopped on the gradient test, yet doubling θ lowers the loss by over 1%. By
 *   convexity the decrease is at most |∇f·θ|, so this happens only when the loss is tiny
 *   next to ‖θ‖·tol, the signature of weights running off to infinity.
 */
import type { Objective } from "../objective/objective.js";
import { freeParameters } from "../solvers/gauge.js";
import { newtonCgStep } from "../solvers/newton.js";
import type { SolverResult } from "../solvers/solver.js";

export const SEPARABLE =
  "stopped: the data look separable, so without a penalty the loss only approaches its infimum as the " +
  "weights grow without bound; the coefficients are finite but arbitrary. Set l2 > 0 (e.g. 1e-4) for a meaningful model";

const EXTRAPOLATION = 10;

/** Conjugate-gradient iterations spent on the Newton step of a non-Newton solver. */
const CG_BUDGET = 100;

export function looksSeparable(objective: Objective, result: SolverResult): boolean {
  if (objective.penalty.boundsWeights) return false;
  const { theta, converged } = result;
  if (objective.separatesEveryRow(theta)) return true;
  const gradient = new Float64Array(objective.size);
  const loss = objective.lossGradient(theta, gradient);
  if (loss <= 1e-12) return true;
  const step = result.lastStep ?? newtonStep(objective, theta, gradient);
  if (lowerAt(objective, theta, step, EXTRAPOLATION, loss * (1 - 1e-9))) return true;
  return converged && lowerAt(objective, theta, theta, 1, loss * 0.99);
}

/** An (inexact) Newton step at θ on the free parameters, with a budget of CG_BUDGET CG iterations. */
function newtonStep(objective: Objective, theta: Float64Array, gradient: Float64Array): Float64Array {
  const free = freeParameters(objective);
  const step = new Float64Array(objective.size);
  newtonCgStep(objective, theta, gradient, free, step, Math.min(free.length, CG_BUDGET));
  return step;
}

/** Whether f(θ + t·direction) < bound (an overflow far out counts as no evidence). */
function lowerAt(objective: Objective, theta: Float64Array, direction: Float64Array, t: number, bound: number): boolean {
  const probe = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) probe[i] = theta[i] + t * direction[i];
  try {
    return objective.loss(probe) < bound;
  } catch {
    return false;
  }
}
