/**
 * Truncated conjugate gradients for A·x = b with A symmetric, given only the products A·p
 * (Newton-CG's inner solve: A is the Hessian on the free parameters). Inexact, with the
 * forcing term η = min(0.5, √‖b‖) of Nocedal & Wright's Newton-CG: early Newton steps need
 * little accuracy.
 */
import { dot } from "./vector.js";

export interface ConjugateGradientResult {
  solution: Float64Array;
  iterations: number;
  /** A direction of non-positive curvature stopped the iteration (A is not positive definite there). */
  negativeCurvature: boolean;
}

/** `multiply(p, out)` writes A·p into out. */
export function conjugateGradient(
  multiply: (p: Float64Array, out: Float64Array) => void,
  rhs: Float64Array,
  maxIterations: number,
): ConjugateGradientResult {
  const m = rhs.length;
  const x = new Float64Array(m);
  const r = Float64Array.from(rhs);
  const p = Float64Array.from(rhs);
  const ap = new Float64Array(m);

  const rhsNorm = Math.sqrt(dot(rhs, rhs));
  const target = Math.min(0.5, Math.sqrt(rhsNorm)) * rhsNorm;
  let rr = dot(r, r);
  let iterations = 0;
  while (iterations < maxIterations && Math.sqrt(rr) > target) {
    multiply(p, ap);
    const curvature = dot(p, ap);
    if (!(curvature > 0)) {
      // Direction of non-positive curvature: stop with what we have (the right-hand side if nothing yet).
      return { solution: iterations === 0 ? Float64Array.from(rhs) : x, iterations, negativeCurvature: true };
    }
    const alpha = rr / curvature;
    for (let i = 0; i < m; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
    }
    const rrNext = dot(r, r);
    const beta = rrNext / rr;
    rr = rrNext;
    for (let i = 0; i < m; i++) p[i] = r[i] + beta * p[i];
    iterations++;
  }
  return { solution: x, iterations, negativeCurvature: false };
}
