/**
 * Truncated conjugate gradients for the Newton system H_FF·p = −g_F on the free
 * parameters, using only Hessian-vector products. Inexact (forcing term η = min(0.5,
 * √‖g‖)), as in Nocedal & Wright's Newton-CG: early steps need little accuracy.
 */
import type { Objective } from "../objective/objective.js";
import { dot } from "./vector.js";

export interface ConjugateGradientResult {
  solution: Float64Array;
  iterations: number;
  negativeCurvature: boolean;
}

export function conjugateGradient(
  objective: Objective,
  theta: Float64Array,
  free: Int32Array,
  rhs: Float64Array,
  maxIterations = Math.min(free.length, 500),
): ConjugateGradientResult {
  const m = free.length;
  const P = objective.size;
  const x = new Float64Array(m);
  const r = Float64Array.from(rhs);
  const p = Float64Array.from(rhs);
  const full = new Float64Array(P);
  const product = new Float64Array(P);
  const hp = new Float64Array(m);

  const rhsNorm = Math.sqrt(dot(rhs, rhs));
  const target = Math.min(0.5, Math.sqrt(rhsNorm)) * rhsNorm;
  let rr = dot(r, r);
  let iterations = 0;
  while (iterations < maxIterations && Math.sqrt(rr) > target) {
    full.fill(0);
    for (let i = 0; i < m; i++) full[free[i]] = p[i];
    objective.hessianVector(theta, full, product);
    for (let i = 0; i < m; i++) hp[i] = product[free[i]];
    const curvature = dot(p, hp);
    if (!(curvature > 0)) {
      // Direction of non-positive curvature: stop with what we have (the gradient if nothing yet).
      return { solution: iterations === 0 ? Float64Array.from(rhs) : x, iterations, negativeCurvature: true };
    }
    const alpha = rr / curvature;
    for (let i = 0; i < m; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * hp[i];
    }
    const rrNext = dot(r, r);
    const beta = rrNext / rr;
    rr = rrNext;
    for (let i = 0; i < m; i++) p[i] = r[i] + beta * p[i];
    iterations++;
  }
  return { solution: x, iterations, negativeCurvature: false };
}
