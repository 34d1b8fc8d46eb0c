/**
 * A sub-sampled Newton direction corrected along the previous step with curvature that costs
 * no pass: the gradient change y = ∇f(θ) − ∇f(θ − s) over the last step s is the full
 * Hessian, averaged along s, times s. The direction d solves the Newton system on a row
 * sample's Hessian H_S, whose error is the same at every iteration (a fixed sample), so the
 * iterates converge linearly and their error settles along a few directions that the steps
 * themselves trace out. Adding βs with β minimising the quadratic model g·p + ½pᵀHp over
 * p = d + βs needs only sᵀHd = yᵀd and sᵀHs = yᵀs:
 *   β = −(g·s + y·d) / (y·s).
 * Measured on the tall set (100 000 × 100 × 10, λ = 1e-4, sample 10·K(d+1) rows): the
 * relative gap fell about 10× an iteration without it and 20–40× with it, 13 → 10
 * iterations to the default stop. Newton-CG does not use the secant of the step from the
 * start (it corrects from the third iteration on): that step crosses the region where the curvature changes most (from θ = 0, where every
 * probability is 1/K), and correcting with it made the next gap 3.5× worse on that set.
 */
import { dot } from "../linalg/vector.js";

/**
 * direction += β·step, β as above, where `step` is the last accepted step, `previousGradient`
 * the gradient where it started and `gradient` where it ended. Leaves the direction as it is
 * where the pair carries no positive curvature or the result would not be a descent
 * direction. Returns β (0 when left as it is). A plain function on the caller's arrays: it
 * runs once an iteration, too rarely for V8 to have type feedback for a method on an object
 * of its own by the time the solver's loop is optimised (a deoptimisation each call, seen).
 */
export function correctAlongStep(gradient: Float64Array, previousGradient: Float64Array, direction: Float64Array, step: Float64Array): number {
  let ys = 0;
  let yd = 0;
  for (let i = 0; i < step.length; i++) {
    const y = gradient[i] - previousGradient[i];
    ys += y * step[i];
    yd += y * direction[i];
  }
  if (!(ys > 0)) return 0;
  const gs = dot(gradient, step);
  const beta = -(gs + yd) / ys;
  if (!Number.isFinite(beta) || !(dot(gradient, direction) + beta * gs < 0)) return 0;
  for (let i = 0; i < direction.length; i++) direction[i] += beta * step[i];
  return beta;
}
