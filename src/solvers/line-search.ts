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

/** Writes a search direction into `out` (compact layout). */
export type DirectionReader = (out: Float64Array) => void;

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
 * objective.readHeldGradient's. A `direction` given as a function writes the direction into
 * its argument: it is then read into `trial` (the same bits each time) before each trial
 * point is formed there in place, so that no array holds it (held gradients only).
 */
export function backtrack(
  objective: Objective,
  theta: Float64Array,
  loss: number,
  gradient: Float64Array,
  direction: Float64Array | DirectionReader,
  trial: Float64Array,
  trialGradient: Float64Array | null,
  t0 = 1,
): LineSearchResult {
  const read = typeof direction === "function" ? direction : null;
  if (read && trialGradient) throw new Error("internal: a direction reader needs held gradients");
  const d = read ? trial : (direction as Float64Array);
  read?.(trial);
  let slope = 0;
  for (let i = 0; i < theta.length; i++) slope += gradient[i] * d[i];
  const gradientNorm = maxAbs(gradient);
  const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(loss));
  let t = t0;
  for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
    let value: number;
    // The previous trial point overwrote the direction read into `trial`.
    if (read && h > 0) read(trial);
    try {
      value = trialGradient ? objective.lossGradientAlong(theta, t, d, trial, trialGradient) : objective.lossAlongHeld(theta, t, d, trial);
    } catch (e) {
      // A trial step so long that the loss overflows is simply too long.
      if ((e as { code?: string }).code === "NUMERICAL") continue;
      throw e;
    }
    if (value <= loss + ARMIJO * t * slope) return { accepted: true, step: t, loss: value };
    if (Math.abs(value - loss) <= resolution && (trialGradient ? maxAbs(trialGradient) : objective.heldGradientMax()) < gradientNorm) {
      return { accepted: true, step: t, loss: value };
    }
  }
  return { accepted: false, step: 0, loss };
}
