/**
 * The cross-validated search over λ: for every fold, the path of optima from the largest λ
 * to the smallest, each fit warm-started from the previous one, on the fold's training rows
 * (fold-rows.ts places them), scored on its held-out rows. Everything the objective knows
 * (class weights from all rows, the fold's own standardisation) is set up as for one fit.
 * A generator of the solvers' iteration reports, so fit/drive.ts runs it, yields to the
 * event loop and honours an AbortSignal, exactly as for one fit.
 */
import { classMasses } from "../fit/class-mass.js";
import { SOLVERS, preconditioningOf } from "../fit/fit.js";
import { preconditionerFor } from "../fit/problem.js";
import { badScalingWarning } from "../fit/scaling-warning.js";
import { lbfgsBudget, lbfgsFallsBack, resolveSolver } from "../fit/choose-solver.js";
import type { ResolvedOptions } from "../input/options.js";
import type { Targets } from "../input/targets.js";
import type { TrainingSet } from "../input/training-set.js";
import { Objective } from "../objective/objective.js";
import type { PenaltySpec } from "../objective/penalty.js";
import { classWeights, describeLabel } from "../objective/row-weights.js";
import { ColumnScaling, columnStatistics, type ColumnStatistics } from "../objective/standardization.js";
import type { IterationReport } from "../solvers/solver.js";
import { dot } from "../linalg/vector.js";
import { lbfgs, type CurvatureMemory } from "../solvers/lbfgs.js";
import { lbfgsThenNewtonCg } from "../solvers/lbfgs-fallback.js";
import { fail } from "../util/errors.js";
import type { FoldRows } from "./fold-rows.js";
import type { Folds } from "./folds.js";
import { heldOutScore, type Scoring } from "./scoring.js";

export interface SearchPlan {
  /**
   * The candidate penalties, one objective each (a second penalty path, such as L1, is more
   * fields in each PenaltySpec: the search itself does not change).
   */
  grid: PenaltySpec[];
  folds: Folds;
  scoring: Scoring;
}

export interface SearchResult {
  /** scores[fold][i]: the held-out score at grid[i]. */
  scores: number[][];
  /** thetas[fold][i]: the fold's optimum at grid[i], original units. */
  thetas: Float64Array[][];
  /** Solver fallbacks met on the way, each once. */
  warnings: string[];
}

export function* crossValidate(rows: FoldRows, data: TrainingSet, options: ResolvedOptions, plan: SearchPlan): Generator<IterationReport, SearchResult, void> {
  const { grid, folds, scoring } = plan;
  // "balanced" counts every row, as scikit-learn's LogisticRegressionCV does.
  const perClass = classWeights(options.classWeight, data.targets);
  // From the strongest penalty to the weakest: each optimum is a good start for the next.
  const path = grid.map((_, i) => i).sort((a, b) => strength(grid[b]) - strength(grid[a]));
  const scores = folds.map(() => new Array<number>(grid.length));
  const thetas = folds.map(() => new Array<Float64Array>(grid.length));
  const warnings = new Set<string>();
  for (let f = 0; f < folds.length; f++) {
    const fold = rows.fold(f, perClass);
    try {
      const { train, heldOut } = fold;
      requireEveryClass(fold.trainTargets, fold.trainSampleWeights, f);
      if (!(heldOut.weightSum > 0)) fail("INVALID_WEIGHTS", `fold ${f}: every held-out row weighs zero, so there is nothing to score`);
      // The fold's column statistics, once: its standardisation, or the preconditioner a solver
      // takes on badly scaled columns (decided per λ, as for one fit at that λ).
      let statistics: ColumnStatistics | undefined;
      const statisticsOfFold = () => (statistics ??= columnStatistics(train, fold.trainSampleWeights));
      const standardisation = options.standardize ? new ColumnScaling(statisticsOfFold(), options.fitIntercept, train.K) : undefined;
      let theta: Float64Array = new Float64Array(train.size);
      // L-BFGS carries its curvature pairs along the path, retargeted to each new penalty.
      const memory: CurvatureMemory = { pairs: [] };
      let previous: Objective | undefined;
      for (const i of path) {
        const solver = resolveSolver({ solver: options.solver, l2: grid[i].l2, l1: grid[i].l1 ?? 0 }, train.n, train.d, train.K, fold.sparse);
        const preconditioning = preconditioningOf(solver, { l1: grid[i].l1 ?? 0 });
        const { preconditioner, preconditioned } =
          standardisation || preconditioning === "none" ? { preconditioner: null, preconditioned: null } : preconditionerFor(statisticsOfFold(), { l2: grid[i].l2, fitIntercept: options.fitIntercept }, preconditioning, train.K);
        const objective = new Objective(train, grid[i], standardisation ?? preconditioner ?? undefined);
        if (previous) {
          if (previous.scaling !== objective.scaling) theta = objective.fromOriginal(previous.toOriginal(theta));
          retarget(memory, previous, objective);
        }
        previous = objective;
        if (preconditioned && preconditioning === "spread") warnings.add(`fold ${f}: ${badScalingWarning(preconditioned, solver)}`);
        const result = yield* (lbfgsFallsBack(options, solver, train.d, fold.sparse)
          ? lbfgsThenNewtonCg(objective, theta, options, lbfgsBudget(train.n, train.d, train.K, options.maxIter), memory)
          : solver === "lbfgs"
            ? lbfgs(objective, theta, options, memory)
            : SOLVERS[solver](objective, theta, options));
        for (const w of result.warnings) warnings.add(`fold ${f}, ${describePenalty(grid[i])}: ${w}`);
        // A fold scored at a point short of its optimum is worth knowing about.
        if (!result.converged) warnings.add(`fold ${f}, ${describePenalty(grid[i])}: not converged (${result.reason})`);
        theta = result.theta;
        thetas[f][i] = objective.toOriginal(theta);
        scores[f][i] = heldOutScore(heldOut, thetas[f][i], scoring, f);
      }
    } finally {
      fold.dispose();
    }
  }
  return { scores, thetas, warnings: [...warnings] };
}

/**
 * The pairs of a run on `from` as pairs of `to` (same data, another penalty, maybe other
 * coordinates); pairs without curvature left go. A pair (s, y ≈ Hs) in coordinates θ = Tθ̃ is
 * (Ts, T⁻ᵀy) in the original ones, where a preconditioned objective's penalty acts; the
 * standardised objectives of one fold share their coordinates and penalise in them.
 */
export function retarget(memory: CurvatureMemory, from: Objective, to: Objective): void {
  const sameCoordinates = from.scaling === to.scaling;
  memory.pairs = memory.pairs.filter((pair) => {
    if (sameCoordinates) to.penalty.addHessianChange(from.penalty, pair.s, pair.y);
    else {
      const s = from.toOriginal(pair.s);
      const y = from.scaling ? from.scaling.pushForward(pair.y, new Float64Array(pair.y.length)) : pair.y;
      to.penalty.addHessianChange(from.penalty, s, y);
      pair.s = to.fromOriginal(s);
      if (to.scaling) to.scaling.pullBack(y);
      pair.y = y;
    }
    const sy = dot(pair.s, pair.y);
    pair.rho = 1 / sy;
    return sy > 1e-12 * Math.sqrt(dot(pair.s, pair.s) * dot(pair.y, pair.y));
  });
}

/** How strongly a penalty pulls towards zero: the path visits the strongest first. */
function strength(penalty: PenaltySpec): number {
  return Object.values(penalty).reduce((a: number, v) => a + (typeof v === "number" ? v : 0), 0);
}

function describePenalty(penalty: PenaltySpec): string {
  return Object.entries(penalty)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

/** A class without training weight in a fold would get arbitrary coefficients: refuse it, naming both. */
function requireEveryClass(targets: Targets, trainWeights: Float64Array, fold: number): void {
  const missing = classMasses(targets, trainWeights).findIndex((w) => !(w > 0));
  if (missing >= 0) {
    fail(
      "INVALID_Y",
      `fold ${fold}: class ${describeLabel(targets.classes[missing])} has no training rows (or only rows of zero weight); ` +
        "every class must appear in every training fold (use fewer folds, or other splits)",
    );
  }
}
