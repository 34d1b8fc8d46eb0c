/**
 * Newton's method on the free parameters (see free-parameters.ts) with an Armijo line
 * search. Two inner solvers: the exact block Hessian with Cholesky while it is cheap
 * enough, and Hessian-free conjugate gradients (Newton-CG) beyond, which needs only
 * Hessian-vector products. A Hessian that is not numerically positive definite (collinear
 * features with λ = 0, say) is damped rather than handed to Cholesky as it is.
 */
import type { Objective } from "../objective.js";
import { cholesky, choleskySolve } from "./cholesky.js";
import { conjugateGradient } from "./conjugate-gradient.js";
import { freeParameters, recentre } from "./free-parameters.js";
import { backtrack } from "./line-search.js";
import { CONVERGED, MAX_ITER, maxAbs, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";

export type NewtonVariant = "cholesky" | "cg";

export function* newton(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  variant: NewtonVariant,
): Generator<IterationReport, SolverResult, void> {
  const { K, d, size: P, l2 } = objective;
  const free = freeParameters(K, d, l2, settings.fitIntercept);
  const m = free.length;
  const warnings = new Set<string>();

  let theta = Float64Array.from(theta0);
  let gradient = new Float64Array(P);
  let trial = new Float64Array(P);
  let trialGradient = new Float64Array(P);
  const direction = new Float64Array(P);
  const hessian = variant === "cholesky" ? new Float64Array(P * P) : null;
  const reduced = variant === "cholesky" ? new Float64Array(m * m) : null;
  const rhs = new Float64Array(m);

  const lastStep = new Float64Array(P);
  let loss = objective.lossGradient(theta, gradient);
  const lossHistory = [loss];
  let reason = MAX_ITER;
  let converged = false;
  let iteration = 0;

  while (true) {
    if (maxAbs(gradient) <= settings.tol) {
      converged = true;
      reason = CONVERGED;
      break;
    }
    if (iteration >= settings.maxIter) break;
    iteration++;

    for (let i = 0; i < m; i++) rhs[i] = -gradient[free[i]];
    let step: Float64Array;
    if (hessian && reduced) {
      objective.hessian(theta, hessian);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) reduced[i * m + j] = hessian[free[i] * P + free[j]];
      const damping = factorise(reduced, m);
      if (damping === Infinity) {
        warnings.add("the Hessian could not be factorised even with damping; took a gradient step");
      } else {
        if (damping > 0) warnings.add(`Hessian not positive definite: damped by ${damping.toExponential(1)}·I (collinear or constant features?)`);
        choleskySolve(reduced, m, rhs);
      }
      step = rhs;
    } else {
      const cg = conjugateGradient(objective, theta, free, rhs);
      if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
      step = cg.solution;
    }
    direction.fill(0);
    for (let i = 0; i < m; i++) direction[free[i]] = step[i];

    let search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient);
    if (!search.accepted) {
      // The Newton direction failed to decrease the loss: fall back once to steepest descent.
      warnings.add("a Newton step failed the line search; took a gradient step instead");
      direction.fill(0);
      for (let i = 0; i < m; i++) direction[free[i]] = -gradient[free[i]];
      search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient);
      if (!search.accepted) {
        reason = "stopped: the line search found no decrease (the loss is flat to float64 precision)";
        break;
      }
    }
    for (let i = 0; i < P; i++) lastStep[i] = trial[i] - theta[i];
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    loss = search.loss;
    lossHistory.push(loss);
    yield { iteration, loss, gradientNorm: maxAbs(gradient), step: search.step };
  }

  recentre(theta, K, d, l2);
  return { theta, iterations: iteration, converged, reason, lossHistory, warnings: [...warnings], lastStep: iteration > 0 ? lastStep : null };
}

/**
 * Cholesky of the reduced Hessian, adding τ·I with growing τ until it succeeds. Returns
 * the damping used: 0 when none was needed, Infinity when even heavy damping failed
 * (non-finite entries). `a` is restored from a copy between tries.
 */
function factorise(a: Float64Array, m: number): number {
  const original = Float64Array.from(a);
  if (cholesky(a, m)) return 0;
  let maxDiagonal = 0;
  for (let i = 0; i < m; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(original[i * m + i]));
  const scale = maxDiagonal > 0 && Number.isFinite(maxDiagonal) ? maxDiagonal : 1;
  for (let tau = scale * 1e-10; tau <= scale * 1e6; tau *= 100) {
    a.set(original);
    for (let i = 0; i < m; i++) a[i * m + i] += tau;
    if (cholesky(a, m)) return tau;
  }
  return Infinity;
}
