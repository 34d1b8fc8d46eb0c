/**
 * The outer loop every solver shares: evaluate the start, then { convergence test
 * max |∇f| ≤ tol, iteration cap, one step of the method, report } until one of them stops
 * it, and re-centre the result (gauge.ts). A method supplies only its step: the line-search
 * solvers one search along a direction (descent.ts), SGD one epoch (sgd.ts).
 */
import type { Objective } from "../objective/objective.js";
import { recentre } from "./gauge.js";
import { takeStart } from "./start.js";
import { CONVERGED, CONVERGED_KKT, MAX_ITER, MAX_ITER_KKT, STOPPED_BY_CALLBACK, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";

/**
 * Where the iteration stands: parameters, the gradient there and the loss. For an objective
 * with an L1 term, `loss` includes it and `gradient` is the minimum-norm subgradient (see
 * Method.evaluate), so the same test max |gradient| ≤ tol certifies the KKT conditions.
 */
export interface Point {
  readonly theta: Float64Array;
  readonly gradient: Float64Array;
  readonly loss: number;
}

/**
 * What one step produced: the next point and its step length (and a reason to stop after it;
 * objective.gradientNorm(next.gradient) when the method already has it), or a reason to stop now.
 */
export type Step = { next: Point; length: number; stopAfter?: string; gradientNorm?: number } | { stop: string };

export interface Method {
  /**
   * The objective at θ and, into `out`, the vector whose max-norm measures stationarity;
   * default the Objective's value and gradient. Methods for an L1 term return the
   * composite value and the minimum-norm subgradient.
   */
  evaluate?(theta: Float64Array, out: Float64Array): number;
  /** One iteration from `current`. The arrays of `current` may be reused for the next point. */
  step(current: Point): Step;
  /** Fallbacks taken, reported with the result. */
  readonly warnings: ReadonlySet<string>;
  /** The last accepted step, when the method wants the separation diagnosis to extrapolate it. */
  readonly lastStep?: Float64Array;
  /**
   * Once max |∇f| ≤ tol: whether the method agrees θ is converged (default yes). Newton-CG
   * also wants its last step to be small, since a small gradient alone can leave θ far off
   * along directions of low curvature.
   */
  settled?(current: Point): boolean;
}

export function* iterate(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  method: Method,
): Generator<IterationReport, SolverResult, void> {
  const theta = takeStart(theta0);
  const gradient = new Float64Array(objective.size);
  const loss = method.evaluate ? method.evaluate(theta, gradient) : objective.lossGradient(theta, gradient);
  let current: Point = { theta, gradient, loss };
  const lossHistory = [current.loss];
  const kkt = objective.penalty.l1 > 0;
  let reason = kkt ? MAX_ITER_KKT : MAX_ITER;
  let converged = false;
  let iteration = 0;
  // max |∇f| of the current point, computed once per point (the test and the report share it).
  let gradientNorm = objective.gradientNorm(current.gradient);
  while (true) {
    const small = gradientNorm <= settings.tol;
    if (small && (method.settled?.(current) ?? true)) {
      converged = true;
      reason = kkt ? CONVERGED_KKT : CONVERGED;
      break;
    }
    if (iteration >= settings.maxIter) {
      // Past tol, the extra steps only refine: running out of them is not a failure.
      if (small) [converged, reason] = [true, kkt ? CONVERGED_KKT : CONVERGED];
      break;
    }
    iteration++;
    const step = method.step(current);
    if ("stop" in step) {
      // Past tol, a step that finds no decrease means θ is as settled as float64 allows.
      if (small) [converged, reason] = [true, kkt ? CONVERGED_KKT : CONVERGED];
      else reason = step.stop;
      break;
    }
    current = step.next;
    gradientNorm = step.gradientNorm ?? objective.gradientNorm(current.gradient);
    lossHistory.push(current.loss);
    // The driver sends back false when the caller's onIteration asked to stop here.
    const reply: unknown = yield { iteration, loss: current.loss, gradientNorm, step: step.length, theta: current.theta };
    if (reply === false) {
      reason = STOPPED_BY_CALLBACK;
      break;
    }
    if (step.stopAfter !== undefined) {
      reason = step.stopAfter;
      break;
    }
  }
  recentre(current.theta, objective);
  const lastStep = iteration > 0 ? (method.lastStep ?? null) : null;
  const kktResidual = objective.gradientNorm(current.gradient);
  return { theta: current.theta, iterations: iteration, converged, reason, lossHistory, kktResidual, warnings: [...method.warnings], lastStep };
}
