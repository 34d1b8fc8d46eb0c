/**
 * "newton-l1": Newton's method for f(θ) + λ₁‖W‖₁ (f: the loss and the L2 part; the elastic
 * net when λ₂ > 0), as an orthant-wise Newton method (see orthant.ts). Each iteration:
 *
 * 1. the face at θ: the intercepts, the non-zero weights and the zero weights whose
 *    |∂f| exceeds λ₁, each weight with the sign it must keep;
 * 2. the Newton step of the smooth function f + λ₁ Σ σ_i w_i on that face, solved by Cholesky
 *    on the face's block of the Hessian or by conjugate gradients on Hessian-vector products
 *    (the cost model's choice, as for "newton");
 * 3. a backtracking line search on the true objective along the step projected into the
 *    orthant (weights that would change sign stop at exactly 0), with the Armijo condition
 *    on the predicted decrease; when it fails, a proximal-gradient step of length 1/L.
 *
 * It stops when the minimum-norm subgradient is at most tol, which is exactly the KKT
 * conditions within tol: |∂f + λ₁ sign w| ≤ tol where w ≠ 0, |∂f| ≤ λ₁ + tol where w = 0,
 * |∂f| ≤ tol for the intercepts. Near the optimum the face stops changing and the steps are
 * Newton steps on a smooth problem, so convergence is quadratic (with Cholesky).
 *
 * Starting from W = 0, the intercepts start at their optimum (intercept-only.ts), so at
 * λ₁ ≥ λ₁_max it stops at once with every weight exactly 0.
 */
import { choleskySolve } from "../linalg/cholesky.js";
import { maxAbs } from "../linalg/vector.js";
import { interceptOnlyOptimum } from "../objective/intercept-only.js";
import type { Objective } from "../objective/objective.js";
import { chooseNewton } from "../fit/choose-solver.js";
import { NO_DECREASE, STALLED } from "./descent.js";
import { iterate, type Point, type Step } from "./iterate.js";
import { factorise, newtonCgStep } from "./newton.js";
import { centreOnMedians, evaluateComposite, faceAt, projectedStep, type Face } from "./orthant.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

const ARMIJO = 1e-4;
const MAX_HALVINGS = 40;
/** Iterations in a row without progress before giving up (as in descent.ts). */
const STALL_LIMIT = 10;
/** Conjugate-gradient iterations per step at most (the face's size, if smaller). */
const CG_MAX_ITERATIONS = 500;

export function newtonL1(objective: Objective, theta0: Float64Array, settings: SolverSettings): Generator<IterationReport, SolverResult, void> {
  const { size: P, K, d, penalty } = objective;
  const m = d + 1;
  const start = Float64Array.from(theta0);
  if (weightsAreZero(start, m)) start.set(interceptOnlyOptimum(objective));
  const inner = chooseNewton(objective.nRows, d, K);
  const hessian = inner === "newton-cholesky" ? new Float64Array(P * P) : null;
  const warnings = new Set<string>();
  const medians = penalty.l2 === 0 && penalty.l1 > 0;

  // The smooth gradient ∇f at the current point and at the trial point (the Point's
  // `gradient` is the minimum-norm subgradient); swapped when a step is accepted.
  let smooth = new Float64Array(P);
  let trialSmooth = new Float64Array(P);
  let trial: Float64Array = new Float64Array(P);
  let trialPg: Float64Array = new Float64Array(P);
  const direction = new Float64Array(P);
  const sign = new Int8Array(P);
  let stalled = 0;
  let lowest = Infinity;

  const evaluate = (theta: Float64Array, smoothOut: Float64Array, pgOut: Float64Array) =>
    evaluateComposite(objective, theta, smoothOut, pgOut);

  /** The Newton step on the face into `direction` (zero off the face). */
  const newtonDirection = (current: Point, face: Face): void => {
    const { free } = face;
    const f = free.length;
    direction.fill(0);
    if (!hessian) {
      if (newtonCgStep(objective, current.theta, current.gradient, free, direction, Math.min(f, CG_MAX_ITERATIONS))) {
        warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
      }
      return;
    }
    objective.hessian(current.theta, hessian);
    const reduced = new Float64Array(f * f);
    const rhs = new Float64Array(f);
    for (let a = 0; a < f; a++) {
      rhs[a] = -current.gradient[free[a]];
      const row = free[a] * P;
      for (let b = 0; b < f; b++) reduced[a * f + b] = hessian[row + free[b]];
    }
    const damping = factorise(reduced, f);
    if (damping === Infinity) {
      warnings.add("the Hessian could not be factorised even with damping; took a gradient step");
    } else {
      if (damping > 0) warnings.add(`Hessian not positive definite: damped by ${damping.toExponential(1)}·I (collinear or constant features?)`);
      choleskySolve(reduced, f, rhs);
    }
    for (let a = 0; a < f; a++) direction[free[a]] = rhs[a];
  };

  /** Backtracking along the projected step; true when a trial point was accepted (it is in trial*). */
  const search = (current: Point, face: Face): { accepted: boolean; loss: number; t: number } => {
    const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(current.loss));
    const residual = maxAbs(current.gradient);
    let t = 1;
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      const predicted = projectedStep(face, current.theta, current.gradient, direction, t, trial);
      if (!(predicted < 0)) continue;
      if (medians) centreOnMedians(trial, K, d);
      let value: number;
      try {
        value = evaluate(trial, trialSmooth, trialPg);
      } catch (e) {
        // A trial step so long that the loss overflows is simply too long.
        if ((e as { code?: string }).code === "NUMERICAL") continue;
        throw e;
      }
      if (value <= current.loss + ARMIJO * predicted) return { accepted: true, loss: value, t };
      // Near the optimum the decrease falls below float64 resolution: accept a step that
      // leaves the value equal to rounding but lowers the KKT residual (as line-search.ts does).
      if (Math.abs(value - current.loss) <= resolution && maxAbs(trialPg) < residual) return { accepted: true, loss: value, t };
    }
    return { accepted: false, loss: current.loss, t: 0 };
  };

  /**
   * The fallback: a proximal-gradient step θ ← prox(θ − ∇f/L) with L the curvature bound,
   * which lowers the objective by at least (L/2)‖step‖² (backtracking only guards rounding).
   */
  const proximalGradient = (current: Point): { accepted: boolean; loss: number; t: number } => {
    let t = 1 / objective.curvatureBound();
    for (let h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      for (let i = 0; i < P; i++) trial[i] = current.theta[i] - t * smooth[i];
      penalty.softThreshold(trial, t);
      if (medians) centreOnMedians(trial, K, d);
      const value = evaluate(trial, trialSmooth, trialPg);
      if (value < current.loss) return { accepted: true, loss: value, t };
    }
    return { accepted: false, loss: current.loss, t: 0 };
  };

  const step = (current: Point): Step => {
    const face = faceAt(objective, current.theta, current.gradient, sign);
    newtonDirection(current, face);
    let result = search(current, face);
    if (!result.accepted) {
      warnings.add("a Newton step failed the line search; took a proximal-gradient step instead");
      result = proximalGradient(current);
    }
    if (!result.accepted) return { stop: NO_DECREASE };
    const residual = maxAbs(trialPg);
    stalled = result.loss < current.loss || residual < 0.99 * lowest ? 0 : stalled + 1;
    lowest = Math.min(lowest, residual);
    const next: Point = { theta: trial, gradient: trialPg, loss: result.loss };
    // The point left behind becomes the next trial's storage.
    [trial, trialPg] = [current.theta, current.gradient];
    [smooth, trialSmooth] = [trialSmooth, smooth];
    const stopAfter = stalled >= STALL_LIMIT && residual > settings.tol ? STALLED : undefined;
    return { next, length: result.t, stopAfter };
  };

  return iterate(objective, start, settings, {
    evaluate: (theta, out) => {
      const value = evaluate(theta, smooth, out);
      lowest = maxAbs(out);
      return value;
    },
    step,
    warnings,
  });
}

function weightsAreZero(theta: Float64Array, m: number): boolean {
  for (let i = 0; i < theta.length; i++) if (i % m !== 0 && theta[i] !== 0) return false;
  return true;
}
