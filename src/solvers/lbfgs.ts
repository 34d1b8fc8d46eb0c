/**
 * Limited-memory BFGS (scikit-learn's default solver) as SciPy's L-BFGS-B runs it: the
 * two-loop recursion over the last MEMORY curvature pairs (curvature-pairs.ts) gives a
 * quasi-Newton direction from gradients alone, and a Moré–Thuente line search for the strong
 * Wolfe conditions (wolfe-line-search.ts) picks the step, first trying 1/‖d‖₂ without pairs
 * and 1 with them. The Wolfe curvature condition keeps sᵀy > 0, so every pair is usable.
 * An iteration costs one loss+gradient pass (plus the rare extra trial of the line search)
 * and allocates nothing: the pairs live in a ring, the trial point swaps with the current one.
 * It stops on max |gradient| ≤ tol like the other solvers.
 */
import { maxAbs } from "../linalg/vector.js";
import type { Objective, TrialMeasures } from "../objective/objective.js";
import type { CurvaturePairs } from "./curvature-pairs.js";
import { NO_DECREASE, stalledReason } from "./descent.js";
import { iterate, type Point, type Step } from "./iterate.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";
import { wolfeSearch } from "./wolfe-line-search.js";

/**
 * Pairs kept. Measured with the Wolfe search (solver study): digits 151 passes to the optimum
 * with 10, 140 with 20, tall 12 with both; 20 pairs cost ~6 % more per iteration on digits.
 */
export const LBFGS_MEMORY = 10;
/** Iterations in a row that neither lower the loss nor the gradient before giving up (f32 noise floor). */
const STALL_LIMIT = 10;

/** One curvature pair: a step s, the gradient change y along it, and 1/sᵀy. */
export interface CurvaturePair {
  s: Float64Array;
  y: Float64Array;
  rho: number;
}

/**
 * The curvature pairs of a run. Passing the memory of a finished run to the next one (the
 * same data, a nearby problem) starts it with a quasi-Newton direction instead of a gradient
 * step; when the run ends `pairs` holds its last pairs, oldest first.
 */
export interface CurvatureMemory {
  pairs: CurvaturePair[];
}

export function lbfgs(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  memory?: CurvatureMemory,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  const pairs = objective.curvaturePairs(LBFGS_MEMORY);
  for (const pair of memory?.pairs.slice(-LBFGS_MEMORY) ?? []) pairs.pushPair(pair.s, pair.y);
  let trial: Float64Array = new Float64Array(P);
  let trialGradient: Float64Array = new Float64Array(P);
  const direction = new Float64Array(P);
  const warnings = new Set<string>();
  let stalled = 0;
  let lowestGradient = Infinity;
  /** The trial's slope and max |trialGradient|, from the sweep that reads its gradient out. */
  const measures: TrialMeasures = { slope: 0, gradientMax: 0 };
  /** evaluate's answer, reused: an array per trial was garbage next to a pass on small data. */
  const valueSlope: [number, number] = [0, 0];

  /** Where the current search starts (the current point's θ). */
  let origin: Float64Array = trial;
  /**
   * φ(t) and φ'(t) along `direction` from `origin`, the trial point moved there. One closure
   * for the whole run rather than one per search: creating it was measurable next to a pass
   * on small data.
   */
  const evaluate = (t: number): [number, number] => {
    try {
      valueSlope[0] = objective.lossGradientAlong(origin, t, direction, trial, trialGradient, measures);
      valueSlope[1] = measures.slope;
    } catch (e) {
      // A trial step so long that the loss overflows is simply too long.
      if ((e as { code?: string }).code !== "NUMERICAL") throw e;
      valueSlope[0] = Infinity;
      valueSlope[1] = 0;
    }
    return valueSlope;
  };

  /** One Wolfe search along `direction` from `current`; the accepted point ends up in trial/trialGradient. */
  function search(current: Point, slope: number, t0: number): { step: number; loss: number } | null {
    const { theta, loss } = current;
    origin = theta;
    const resolution = 64 * Number.EPSILON * Math.max(1, Math.abs(loss));
    const result = wolfeSearch(evaluate, loss, slope, t0, resolution);
    if (result.status === "fail") return null;
    // The accepted step was not the last trial (rare: the search stopped at its best point).
    const value = result.isLast ? result.value : evaluate(result.step)[0];
    return { step: result.step, loss: value };
  }

  const firstStep = (slope: number) => 1 / Math.sqrt(-slope);

  function step(current: Point): Step {
    const { theta, gradient, loss } = current;
    if (lowestGradient === Infinity) lowestGradient = maxAbs(gradient);
    let slope = pairs.direction(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding in stale pairs): start again from the gradient.
      pairs.clear();
      slope = pairs.direction(gradient, direction);
    }
    let found = search(current, slope, pairs.count === 0 ? firstStep(slope) : 1);
    if (!found && pairs.count > 0) {
      warnings.add("an L-BFGS direction failed the line search; restarted from steepest descent");
      pairs.clear();
      slope = pairs.direction(gradient, direction);
      found = search(current, slope, firstStep(slope));
    }
    if (!found) return { stop: NO_DECREASE };
    pairs.push(theta, gradient, trial, trialGradient);
    // Steps that neither lower the loss nor reach a new lowest gradient are rounding noise.
    const gradientNow = measures.gradientMax;
    stalled = found.loss < loss || gradientNow < 0.99 * lowestGradient ? 0 : stalled + 1;
    lowestGradient = Math.min(lowestGradient, gradientNow);
    const next = { theta: trial, gradient: trialGradient, loss: found.loss };
    // The point left behind becomes the next trial's storage.
    [trial, trialGradient] = [theta, gradient];
    // The search's last trial is the accepted point (search re-evaluates it otherwise): its max |g| is next's.
    const gradientNorm = objective.gradientNormIsMaxAbs ? gradientNow : objective.gradientNorm(next.gradient);
    const stopAfter = stalled >= STALL_LIMIT && gradientNorm > settings.tol ? stalledReason(objective.dtype) : undefined;
    return { next, length: found.step, stopAfter, gradientNorm };
  }

  return keepingPairs(iterate(objective, theta0, settings, { step, warnings }), pairs, memory, () => objective.releasePairs(pairs));
}

/** Pass the run through; at its end leave its pairs in `memory` (when one was given), then release them. */
function* keepingPairs(
  run: Generator<IterationReport, SolverResult, void>,
  pairs: CurvaturePairs,
  memory: CurvatureMemory | undefined,
  release: () => void,
): Generator<IterationReport, SolverResult, void> {
  try {
    return yield* run;
  } finally {
    if (memory) memory.pairs = pairs.pairs();
    release();
  }
}
