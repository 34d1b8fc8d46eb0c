/**
 * "newton-l1": the solver for f(θ) + λ₁‖W‖₁ (f: the loss and the L2 part; the elastic net
 * when λ₂ > 0). Orthant-wise Newton steps (orthant-newton.ts) on a working set of features
 * (working-set.ts): the problem restricted to the set is solved to a tolerance, then the
 * whole problem's KKT conditions are checked, and the set grows with the features that
 * violate them. On data with few features (or a large support) the set is every feature.
 *
 * It stops when the whole problem's minimum-norm subgradient is at most tol, which is
 * exactly the KKT conditions within tol: |∂f + λ₁ sign w| ≤ tol where w ≠ 0,
 * |∂f| ≤ λ₁ + tol where w = 0, |∂f| ≤ tol for the intercepts. Iteration reports between
 * those checks carry the working set problem's residual (its value is the whole problem's).
 *
 * Starting from W = 0, the intercepts start at their optimum (intercept-only.ts), so at
 * λ₁ ≥ λ₁_max it stops at once with every weight exactly 0.
 */
import { maxAbs } from "../linalg/vector.js";
import { gradientOf, interceptOnlyOptimum } from "../objective/intercept-only.js";
import type { Objective } from "../objective/objective.js";
import { NO_DECREASE, stalledReason } from "./descent.js";
import { iterate, type Point, type Step } from "./iterate.js";
import { OrthantNewton } from "./orthant-newton.js";
import { evaluateComposite } from "./orthant.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";
import { chooseWorkingSet, expandParameters, restrictParameters, violatorsOutside } from "./working-set.js";

/** Iterations in a row without progress before giving up (as in descent.ts). */
const STALL_LIMIT = 10;
/** A working set's problem is first solved to this fraction of the whole problem's residual. */
const INNER_FRACTION = 0.1;

interface Work {
  /** The working set (null: every feature) and its problem, solver and tolerance. */
  features: Int32Array | null;
  objective: Objective;
  solver: OrthantNewton;
  tol: number;
}

export function newtonL1(objective: Objective, theta0: Float64Array, settings: SolverSettings): Generator<IterationReport, SolverResult, void> {
  const { size: P, K, d } = objective;
  const start = Float64Array.from(theta0);
  if (weightsAreZero(start, d + 1)) start.set(interceptOnlyOptimum(objective, gradientOf(objective)));
  const warnings = new Set<string>();
  const smooth = new Float64Array(P);
  // The points handed to iterate, in two alternating buffers (iterate may keep the last one).
  let out = { theta: new Float64Array(P), pg: new Float64Array(P) };
  let spare = { theta: new Float64Array(P), pg: new Float64Array(P) };
  let work: Work | null = null;
  let stalled = 0;
  let lowest = Infinity;

  const open = (current: Point): Work => {
    const features = chooseWorkingSet(objective, current.theta, current.gradient);
    const residual = maxAbs(current.gradient);
    if (!features) return { features, objective, solver: new OrthantNewton(objective, current.theta, warnings), tol: settings.tol };
    const restricted = objective.restrict(features);
    const solver = new OrthantNewton(restricted, restrictParameters(current.theta, K, d, features), warnings);
    return { features, objective: restricted, solver, tol: Math.max(settings.tol, INNER_FRACTION * residual) };
  };

  const close = () => {
    if (work && work.objective !== objective) work.objective.dispose();
    work = null;
  };

  const step = (current: Point): Step => {
    work ??= open(current);
    const { solver, features } = work;
    const { accepted, t } = solver.step();
    [out, spare] = [spare, out];
    if (features) {
      expandParameters(solver.theta, K, d, features, out.theta);
      expandParameters(solver.pg, K, d, features, out.pg);
    } else {
      out.theta.set(solver.theta);
      out.pg.set(solver.pg);
    }
    let loss = solver.loss;
    if (accepted && solver.residual > work.tol) return progress(current, { theta: out.theta, gradient: out.pg, loss }, t);

    // The working set's problem is solved (or cannot be improved): check the whole problem.
    if (features) loss = evaluateComposite(objective, out.theta, smooth, out.pg);
    const residual = maxAbs(out.pg);
    if (residual > settings.tol) {
      if (features && violatorsOutside(objective, features, out.pg)) close();
      else if (!accepted) return { stop: NO_DECREASE };
      else work.tol = Math.max(settings.tol, INNER_FRACTION * residual);
    }
    return progress(current, { theta: out.theta, gradient: out.pg, loss }, t);
  };

  /** The next point, with stall detection (no lower objective and no new low of the residual for STALL_LIMIT steps). */
  const progress = (current: Point, next: Point, t: number): Step => {
    const residual = maxAbs(next.gradient);
    stalled = next.loss < current.loss || residual < 0.99 * lowest ? 0 : stalled + 1;
    lowest = Math.min(lowest, residual);
    return { next, length: t, stopAfter: stalled >= STALL_LIMIT && residual > settings.tol ? stalledReason(objective.dtype) : undefined };
  };

  return closing(
    iterate(objective, start, settings, {
      evaluate: (theta, pg) => {
        const value = evaluateComposite(objective, theta, smooth, pg);
        lowest = maxAbs(pg);
        return value;
      },
      step,
      warnings,
    }),
    close,
  );
}

/** The iterations of `run`, then `cleanup` (also when the caller stops early with return()). */
function* closing<T, R>(run: Generator<T, R, void>, cleanup: () => void): Generator<T, R, void> {
  try {
    return yield* run;
  } finally {
    cleanup();
  }
}

function weightsAreZero(theta: Float64Array, m: number): boolean {
  for (let i = 0; i < theta.length; i++) if (i % m !== 0 && theta[i] !== 0) return false;
  return true;
}
