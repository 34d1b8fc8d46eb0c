/**
 * Backtracking line search with the Armijo sufficient-decrease condition, shared by the
 * Newton and gradient-descent solvers. Near the optimum the decrease can fall below
 * float64 resolution; then a step that leaves the loss equal to rounding but shrinks the
 * gradient is accepted too (scikit-learn's Newton solver does the same).
 */
import type { Objective } from "../objective/objective.js";
import { maxAbs } from "../linalg/vector.js";

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;

export interface LineSearchResult {
  accepted: boolean;
  step: number;
  loss: number;
}

/**
 * Try θ + t·direction for t = t0, t0/2, …; on success `trial` holds the new point and
 * `trialGradient` its gradient (the last evaluation is always the accepted one, so the
 * objective's cached probabilities belong to it). With `trialGradient` null the objective
 * holds the trials' gradients (Objective.holdsGradients): the accepted one is then
 * objective.readHeldGradient's.
 */
export function backtrack(
  objective: Objective,
  theta: Float64Array,
  loss: number,
  gradient: Float64Array,
  direction: Float64Array,
  trial: Float64Array,
  trialGradient: Float64Array | null,
  t0 = 1,
): LineSearchResult {
  let slope = 0;
  for (let i = 0; i < theta.length; i++) slope += gradient[i] * direction[i];
  return searchTrials(loss, maxAbs(gradient), {
    slope,
    loss: (t) => (trialGradient ? objective.lossGradientAlong(theta, t, direction, trial, trialGradient) : objective.lossAlongHeld(theta, t, direction, trial)),
    gradientMax: () => (trialGradient ? maxAbs(trialGradient) : objective.heldGradientMax()),
  }, t0);
}

/** The trial points of one line search along a direction d from θ. */
export interface Trials {
  /** ∇f(θ)ᵀd. */
  readonly slope: number;
  /** f(θ + t·d) (NUMERICAL when it overflows); its gradient is the one gradientMax measures. */
  loss(t: number): number;
  /** max |∇f| at the last trial. */
  gradientMax(): number;
}

/** backtrack's Armijo loop on trials kept anywhere (descent.ts: the sparse Newton system's), from f = loss with max |∇f| = gradientNorm. */
export function searchTrials(loss: number, gradientNorm: number, trials: Trials, t0 = 1): LineSearchResult {
  const { slope } = trials;
  const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(loss));
  let t = t0;
  for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
    let value: number;
    try {
      value = trials.loss(t);
    } catch (e) {
      // A trial step so long that the loss overflows is simply too long.
      if ((e as { code?: string }).code === "NUMERICAL") continue;
      throw e;
    }
    if (value <= loss + ARMIJO * t * slope) return { accepted: true, step: t, loss: value };
    if (Math.abs(value - loss) <= resolution && trials.gradientMax() < gradientNorm) {
      return { accepted: true, step: t, loss: value };
    }
  }
  return { accepted: false, step: 0, loss };
}
