/**
 * The step shared by the line-search solvers (Newton, L-BFGS, gradient descent), as in
 * scikit-learn's Newton solver: search direction, Armijo line search, fallback, accept, and
 * stall detection; iterate.ts runs the loop around it. A method supplies only what differs:
 * how it picks a direction, what it falls back to when the line search rejects it, and what
 * it learns from an accepted step.
 */
import type { Dtype } from "../backends/backend.js";
import { maxAbs } from "../linalg/vector.js";
import type { Objective } from "../objective/objective.js";
import { iterate, type Point, type Step } from "./iterate.js";
import { backtrack, searchTrials, type Trials } from "./line-search.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

/** Where the iteration stands when a method is asked for a direction. */
export type DescentState = Point;

/** A method's own line-search trials (DescentMethod.heldSearch). */
export interface HeldSearch extends Trials {
  readonly t0: number;
  accept(state: DescentState, t: number): void;
}

export interface DescentMethod {
  /** Write the search direction; return the first step length to try. */
  direction(state: DescentState, direction: Float64Array): number;
  /**
   * Instead of direction(), where the objective holds trial gradients: compute the direction
   * and keep it, with the trial points, where it was computed (the sparse Newton system's
   * kernel memory). The Armijo loop runs on the returned trials from step t0; on success
   * `accept(state, t)` makes state.theta the accepted point and does accepted()'s work, and
   * the held gradient is read into state.gradient. No direction or trial array then, until
   * a fallback needs them.
   */
  heldSearch?(state: DescentState): HeldSearch;
  /** After the line search rejected that direction: write another and return its first step, or null to give up. */
  fallback(state: DescentState, direction: Float64Array): number | null;
  /** Learn from an accepted step from `before` to `after` (step length t along the direction). */
  accepted?(before: DescentState, after: DescentState, t: number): void;
  /** Fallbacks taken, reported with the result. */
  readonly warnings: Set<string>;
  /** The last accepted step, when the method wants the separation diagnosis to extrapolate it. */
  readonly lastStep?: Float64Array;
  /** See Method.settled (iterate.ts). */
  settled?(state: DescentState): boolean;
  /**
   * Whether accepted() reads before.gradient. Where the objective holds trial gradients, the
   * accepted one is read into the array of the point left behind unless this is true (so
   * before.gradient then is after's); true keeps an array for the trials' gradients.
   */
  readonly readsStartGradient?: boolean;
}

export const NO_DECREASE = "stopped: the line search found no decrease (the loss is flat to float64 precision)";
/** The stop after STALL_LIMIT iterations without progress; float32's remedy differs from float64's. */
export function stalledReason(dtype: Dtype): string {
  const remedy = dtype === "float32" ? "raise tol, or use dtype float64" : "raise tol, or rescale the features";
  return (
    "stopped: for 10 iterations neither the loss nor the gradient decreased; the gradient is at the noise floor " +
    `of the arithmetic (${remedy})`
  );
}

/** Iterations in a row without progress (see below) before giving up. */
const STALL_LIMIT = 10;

export function descend(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  method: DescentMethod,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  // Held by the objective (CSR data): the rejected trials' gradients need no array, and the
  // accepted one goes where the gradient left behind was (on text, 1.6 MB fewer).
  const held = objective.holdsGradients && !method.readsStartGradient;
  let trialGradient: Float64Array | null = held ? null : new Float64Array(P);
  // A method that keeps its direction and trials itself needs these only for a fallback.
  const ownTrials = held && method.heldSearch !== undefined;
  let trial: Float64Array | null = ownTrials ? null : new Float64Array(P);
  let direction: Float64Array | null = ownTrials ? null : new Float64Array(P);
  let stalled = 0;
  let lowestGradient: number | undefined;
  const step = (state: Point): Step => {
    const { theta, gradient, loss } = state;
    lowestGradient ??= maxAbs(gradient);
    let search;
    // Whether the accepted point is state's own arrays (the method's trials), not `trial`.
    let inPlace = false;
    if (ownTrials) {
      const trials = method.heldSearch!(state);
      search = searchTrials(loss, maxAbs(gradient), trials, trials.t0);
      if (search.accepted) {
        trials.accept(state, search.step);
        inPlace = true;
      }
    } else {
      search = backtrack(objective, theta, loss, gradient, direction!, trial!, trialGradient, method.direction(state, direction!));
    }
    if (!search.accepted) {
      direction ??= new Float64Array(P);
      trial ??= new Float64Array(P);
      const t0 = method.fallback(state, direction);
      if (t0 !== null) search = backtrack(objective, theta, loss, gradient, direction, trial, trialGradient, t0);
    }
    if (!search.accepted) return { stop: NO_DECREASE };
    const nextGradient = trialGradient ?? gradient;
    if (!trialGradient) objective.readHeldGradient(nextGradient);
    // The line search also accepts steps that leave the loss equal within rounding when the
    // gradient shrinks. A run of steps that neither lower the loss at all nor bring the
    // gradient to a new low is rounding noise (f32 products have a visible noise floor).
    const trialMax = maxAbs(nextGradient);
    const newLow = trialMax < 0.99 * lowestGradient;
    lowestGradient = Math.min(lowestGradient, trialMax);
    stalled = search.loss < loss || newLow ? 0 : stalled + 1;
    const next = { theta: inPlace ? theta : trial!, gradient: nextGradient, loss: search.loss };
    if (!inPlace) {
      method.accepted?.(state, next, search.step);
      // The point left behind becomes the next trial's storage.
      [trial, trialGradient] = [theta, trialGradient ? gradient : null];
    }
    const stopAfter = stalled >= STALL_LIMIT && objective.gradientNorm(next.gradient) > settings.tol ? stalledReason(objective.dtype) : undefined;
    // max |∇f| is the stopping rule's measure too, unless the objective measures it in other coordinates.
    return { next, length: search.step, stopAfter, gradientNorm: objective.gradientNormIsMaxAbs ? trialMax : undefined };
  };
  return iterate(objective, theta0, settings, {
    step,
    warnings: method.warnings,
    get lastStep() {
      return method.lastStep;
    },
    settled: method.settled ? (state: Point) => method.settled!(state) : undefined,
  });
}

/** direction = −gradient. */
export function steepestDescent(state: DescentState, direction: Float64Array): void {
  for (let i = 0; i < direction.length; i++) direction[i] = -state.gradient[i];
}
