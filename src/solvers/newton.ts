/**
 * Newton's method with the exact block Hessian and Cholesky, on the free parameters (see
 * gauge.ts), with an Armijo line search; Newton-CG (Hessian-vector products only) is in
 * newton-cg.ts. A Hessian that is not numerically positive definite (collinear features with
 * λ = 0, say) is damped rather than handed to Cholesky as it is; the null directions that only a
 * small λ curves (large features) are split off exactly (weak-null-directions.ts). newtonCgStep, a plain
 * truncated-CG Newton step on the free parameters, serves the separation diagnosis.
 */
import { denseHessianFits, type Objective } from "../objective/objective.js";
import { cholesky, choleskySolve } from "../linalg/cholesky.js";
import { maxAbs } from "../linalg/vector.js";
import { conjugateGradient } from "../linalg/conjugate-gradient.js";
import { descend } from "./descent.js";
import { settledStep } from "./settled.js";
import { freeParameters } from "./gauge.js";
import { addNullStep, liftNullDirections, weakNullDirections, withoutNullPart } from "./weak-null-directions.js";
import type { IterationReport, Solver, SolverResult, SolverSettings } from "./solver.js";

/** Newton with the inner solve by Cholesky on the (reduced) dense Hessian. */
export const newtonCholesky: Solver = (objective, theta0, settings) => newton(objective, theta0, settings);

/**
 * An inexact Newton step at θ on the `free` parameters, by truncated conjugate gradients on
 * Hessian-vector products, into `step` (length K(d+1); the other entries 0). Returns whether
 * CG met non-positive curvature and stopped early.
 */
export function newtonCgStep(
  objective: Objective,
  theta: Float64Array,
  gradient: Float64Array,
  free: Int32Array,
  step: Float64Array,
  maxIterations: number,
): boolean {
  const m = free.length;
  const rhs = Float64Array.from(free, (i) => -gradient[i]);
  const full = new Float64Array(objective.size);
  const product = new Float64Array(objective.size);
  // Every parameter free (the usual case): the products need no scatter and gather.
  const all = m === objective.size;
  const cg = conjugateGradient(
    (p, out) => {
      if (all) return objective.hessianVector(theta, p, out);
      full.fill(0);
      for (let i = 0; i < m; i++) full[free[i]] = p[i];
      objective.hessianVector(theta, full, product);
      for (let i = 0; i < m; i++) out[i] = product[free[i]];
    },
    rhs,
    maxIterations,
  );
  step.fill(0);
  for (let i = 0; i < m; i++) step[free[i]] = cg.solution[i];
  return cg.negativeCurvature;
}

function newton(objective: Objective, theta0: Float64Array, settings: SolverSettings): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  const free = freeParameters(objective);
  const m = free.length;
  const warnings = new Set<string>();
  // Chosen by name, Cholesky may meet a Hessian too large to form: refuse before allocating.
  denseHessianFits(P);
  const hessian = new Float64Array(P * P);
  const reduced = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  const lastStep = new Float64Array(P);

  /** The Newton step on the free parameters (pinned ones stay 0). */
  function newtonStep(theta: Float64Array, gradient: Float64Array, direction: Float64Array): void {
    for (let i = 0; i < m; i++) rhs[i] = -gradient[free[i]];
    objective.hessian(theta, hessian);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) reduced[i * m + j] = hessian[free[i] * P + free[j]];
    const weak = weakNullDirections(objective, free, reduced, m);
    liftNullDirections(weak, reduced, m);
    withoutNullPart(weak, rhs);
    const damping = factorise(reduced, m);
    if (damping === Infinity) {
      warnings.add("the Hessian could not be factorised even with damping; took a gradient step");
    } else {
      if (damping > 0) warnings.add(`Hessian not positive definite: damped by ${damping.toExponential(1)}·I (collinear or constant features?)`);
      choleskySolve(reduced, m, rhs);
    }
    direction.fill(0);
    for (let i = 0; i < m; i++) direction[free[i]] = rhs[i];
    addNullStep(weak, objective, theta, direction);
  }

  const settle = settledStep(objective, settings.tol);
  return descend(objective, theta0, settings, {
    warnings,
    lastStep,
    settled: settle.settled,
    direction(state, direction) {
      newtonStep(state.theta, state.gradient, direction);
      return 1;
    },
    fallback(state, direction) {
      // The Newton direction failed to decrease the loss: fall back to steepest descent.
      warnings.add("a Newton step failed the line search; took a gradient step instead");
      direction.fill(0);
      for (let i = 0; i < m; i++) direction[free[i]] = -state.gradient[free[i]];
      return 1;
    },
    accepted(before, after) {
      for (let i = 0; i < P; i++) lastStep[i] = after.theta[i] - before.theta[i];
      settle.stepped(maxAbs(lastStep));
    },
  });
}

/**
 * Cholesky of the reduced Hessian, adding τ·I with growing τ until it succeeds. Returns
 * the damping used: 0 when none was needed, Infinity when even heavy damping failed
 * (non-finite entries). `a` is restored from a copy between tries.
 *
 * When the diagonal spans more than 1/BADLY_SCALED (a feature 1000× the others), τ·I scaled
 * by the largest diagonal would swamp every other column, so the damping is relative to each
 * diagonal instead, A + τ·diag(A): factorised as D A D + τI with D = diag(A)^-½ (unit
 * diagonal), then L = D⁻¹L̃, so that choleskySolve works on `a` as it is.
 */
export function factorise(a: Float64Array, m: number): number {
  const original = Float64Array.from(a);
  if (cholesky(a, m)) return 0;
  let maxDiagonal = 0;
  let minDiagonal = Infinity;
  for (let i = 0; i < m; i++) {
    const v = Math.abs(original[i * m + i]);
    maxDiagonal = Math.max(maxDiagonal, v);
    if (v > 0) minDiagonal = Math.min(minDiagonal, v);
  }
  if (minDiagonal < BADLY_SCALED * maxDiagonal && Number.isFinite(maxDiagonal)) return factoriseEquilibrated(a, m, original);
  const scale = maxDiagonal > 0 && Number.isFinite(maxDiagonal) ? maxDiagonal : 1;
  for (let tau = scale * 1e-10; tau <= scale * 1e6; tau *= 100) {
    a.set(original);
    for (let i = 0; i < m; i++) a[i * m + i] += tau;
    if (cholesky(a, m)) return tau;
  }
  return Infinity;
}

/** Diagonals further apart than 1/this call for damping relative to each one. */
const BADLY_SCALED = 1e-6;

function factoriseEquilibrated(a: Float64Array, m: number, original: Float64Array): number {
  const d = new Float64Array(m);
  for (let i = 0; i < m; i++) d[i] = original[i * m + i] > 0 ? 1 / Math.sqrt(original[i * m + i]) : 1;
  for (let tau = 1e-10; tau <= 1e6; tau *= 100) {
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a[i * m + j] = original[i * m + j] * d[i] * d[j];
    for (let i = 0; i < m; i++) a[i * m + i] += tau;
    if (cholesky(a, m)) {
      for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) a[i * m + j] /= d[i];
      return tau;
    }
  }
  return Infinity;
}
