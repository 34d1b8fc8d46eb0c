/**
 * The skeleton shared by the line-search solvers (Newton, L-BFGS, gradient descent), as in
 * scikit-learn's Newton solver: set up → loop { convergence test, search direction,
 * Armijo line search, fallback, accept } → re-centre. A method supplies only what differs:
 * how it picks a direction, what it falls back to when the line search rejects it, and what
 * it learns from an accepted step.
 */
import type { Objective } from "../objective/objective.js";
import { recentre } from "./gauge.js";
import { backtrack } from "./line-search.js";
import { maxAbs } from "../linalg/vector.js";
import { CONVERGED, MAX_ITER, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";

/** Where the iteration stands when a method is asked for a direction. */
export interface DescentState {
  readonly theta: Float64Array;
  readonly gradient: Float64Array;
  readonly loss: number;
}

export interface DescentMethod {
  /** Write the search direction; return the first step length to try. */
  direction(state: DescentState, direction: Float64Array): number;
  /** After the line search rejected that direction: write another and return its first step, or null to give up. */
  fallback(state: DescentState, direction: Float64Array): number | null;
  /** Learn from an accepted step from `before` to `after` (step length t along the direction). */
  accepted?(before: DescentState, after: DescentState, t: number): void;
  /** Fallbacks taken, reported with the result. */
  readonly warnings: Set<string>;
  /** The last accepted step, when the method wants the separation diagnosis to extrapolate it. */
  readonly lastStep?: Float64Array;
}

export const NO_DECREASE = "stopped: the line search found no decrease (the loss is flat to float64 precision)";
export const STALLED =
  "stopped: for 10 iterations neither the loss nor the gradient decreased; the gradient is at the noise floor " +
  "of the arithmetic (raise tol, or use dtype float64)";

/** Iterations in a row without progress (see below) before giving up. */
const STALL_LIMIT = 10;

export function* descend(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  method: DescentMethod,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  let theta = Float64Array.from(theta0);
  let gradient = new Float64Array(P);
  let trial = new Float64Array(P);
  let trialGradient = new Float64Array(P);
  const direction = new Float64Array(P);
  let loss = objective.lossGradient(theta, gradient);
  const lossHistory = [loss];
  let reason = MAX_ITER;
  let converged = false;
  let iteration = 0;
  let stalled = 0;
  let lowestGradient = maxAbs(gradient);
  while (true) {
    if (maxAbs(gradient) <= settings.tol) {
      converged = true;
      reason = CONVERGED;
      break;
    }
    if (iteration >= settings.maxIter) break;
    iteration++;
    const state = { theta, gradient, loss };
    let search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient, method.direction(state, direction));
    if (!search.accepted) {
      const t0 = method.fallback(state, direction);
      if (t0 !== null) search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient, t0);
    }
    if (!search.accepted) {
      reason = NO_DECREASE;
      break;
    }
    // The line search also accepts steps that leave the loss equal within rounding when the
    // gradient shrinks. A run of steps that neither lower the loss at all nor bring the
    // gradient to a new low is rounding noise (f32 products have a visible noise floor).
    const newLow = maxAbs(trialGradient) < 0.99 * lowestGradient;
    lowestGradient = Math.min(lowestGradient, maxAbs(trialGradient));
    stalled = search.loss < loss || newLow ? 0 : stalled + 1;
    method.accepted?.(state, { theta: trial, gradient: trialGradient, loss: search.loss }, search.step);
    [theta, trial] = [trial, theta];
    [gradient, trialGradient] = [trialGradient, gradient];
    loss = search.loss;
    lossHistory.push(loss);
    yield { iteration, loss, gradientNorm: maxAbs(gradient), step: search.step, theta: Float64Array.from(theta) };
    if (stalled >= STALL_LIMIT && maxAbs(gradient) > settings.tol) {
      reason = STALLED;
      break;
    }
  }
  recentre(theta, objective.K, objective.d, objective.l2);
  const lastStep = iteration > 0 ? (method.lastStep ?? null) : null;
  return { theta, iterations: iteration, converged, reason, lossHistory, warnings: [...method.warnings], lastStep };
}

/** direction = −gradient. */
export function steepestDescent(state: DescentState, direction: Float64Array): void {
  for (let i = 0; i < direction.length; i++) direction[i] = -state.gradient[i];
}
