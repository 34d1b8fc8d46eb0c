/**
 * Without a penalty, separable data have no finite optimum: the loss keeps falling as the
 * weights grow along a separating direction, and a solver "converges" only because the
 * gradient underflows. This check tells that case apart after the fact, so the fit can say
 * so instead of presenting arbitrary, huge coefficients as an optimum. Any one sign is
 * enough (λ = 0 only):
 *
 * - the loss is essentially zero: only separable data can be fitted that perfectly;
 * - pushing on along the last Newton step (ten steps further) still lowers the loss. Newton
 *   steps fit the local curvature, so at or near a finite optimum such an extrapolation
 *   overshoots and raises the loss; on separable data the steps stay long and point outward;
 * - the solver stopped on the gradient test, yet doubling θ lowers the loss by over 1%. By
 *   convexity the decrease is at most |∇f·θ|, so this happens only when the loss is tiny
 *   next to ‖θ‖·tol, the signature of weights running off to infinity.
 */
import type { Objective } from "../objective.js";
import type { SolverResult } from "./solver.js";

export const SEPARABLE =
  "stopped: the data look separable, so without a penalty the loss only approaches its infimum as the " +
  "weights grow without bound; the coefficients are finite but arbitrary. Set l2 > 0 (e.g. 1e-4) for a meaningful model";

const EXTRAPOLATION = 10;

export function looksSeparable(objective: Objective, result: SolverResult): boolean {
  if (objective.l2 !== 0) return false;
  const { theta, lastStep, converged } = result;
  const loss = objective.loss(theta);
  if (loss <= 1e-12) return true;
  if (lastStep && lowerAt(objective, theta, lastStep, EXTRAPOLATION, loss * (1 - 1e-9))) return true;
  return converged && lowerAt(objective, theta, theta, 1, loss * 0.99);
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
