/**
 * First-order solvers (gd, sgd, and L-BFGS, whose early steps are gradient steps) slow down
 * in proportion to the spread of the features' scales: the step must suit the largest curvature while the smallest sets the pace. This
 * measures the spread as the ratio of the largest to the smallest column root-mean-square
 * (the intercept column counts as 1). Beyond BAD_SCALE_RATIO those solvers run on
 * standardised coordinates with the penalty still on the original weights (the same optimum,
 * a better-conditioned path; objective/standardization.ts), and the fit says so.
 */
import type { ColumnStatistics } from "../objective/standardization.js";

/**
 * The statistics as L-BFGS's preconditioner sees them: each non-constant column's spread
 * floored by the penalty, std² + 4λ. A weight's curvature is about E[x²]/4 (from p(1 − p) ≤ ¼)
 * plus λ, so a column of tiny values is held by λ, not by its scale; dividing it by that tiny
 * scale would make the penalty the stiffest part of the problem instead of the softest.
 */
export function penaltyFlooredStatistics(stats: ColumnStatistics, l2: number): ColumnStatistics {
  return { ...stats, std: stats.std.map((v, j) => (stats.constant[j] ? v : Math.sqrt(v * v + 4 * l2))) };
}

/** A spread of column scales beyond this (curvatures 10⁴ apart) warrants rescaling. */
export const BAD_SCALE_RATIO = 100;

/** The columns with the largest and the smallest root-mean-square, and their ratio. */
export interface ScaleSpread {
  largest: { rms: number; name: string };
  smallest: { rms: number; name: string };
  ratio: number;
}

/**
 * L-BFGS preconditions from a spread of ten: its curvature pairs adapt to a mild spread, but
 * unscaled survey data (anes96, ages next to 0–7 scales, λ = 0) already stopped it at
 * maxIter, where the rescaled run converges in 32 iterations.
 */
export const LBFGS_SCALE_RATIO = 10;

/** The spread of the column scales, or null when it is within `limit`. */
export function badScaleSpread(stats: ColumnStatistics, fitIntercept: boolean, limit = BAD_SCALE_RATIO): ScaleSpread | null {
  let largest = fitIntercept ? { rms: 1, name: "the intercept column" } : undefined;
  let smallest = largest;
  for (let j = 0; j < stats.mean.length; j++) {
    const rms = Math.hypot(stats.mean[j], stats.std[j]);
    if (rms === 0) continue;
    if (!largest || rms > largest.rms) largest = { rms, name: `feature ${j}` };
    if (!smallest || rms < smallest.rms) smallest = { rms, name: `feature ${j}` };
  }
  if (!largest || !smallest || largest.rms <= limit * smallest.rms) return null;
  return { largest, smallest, ratio: largest.rms / smallest.rms };
}

/** What model.warnings says about it. */
export function badScalingWarning({ largest, smallest, ratio }: ScaleSpread, solver: string): string {
  return (
    `badly scaled features for ${solver}: column root-mean-squares range from ${smallest.rms.toPrecision(3)} (${smallest.name}) ` +
    `to ${largest.rms.toPrecision(3)} (${largest.name}), a ratio of ${ratio.toPrecision(3)}; ${solver} ran on standardised ` +
    `coordinates with the penalty on the original weights (the same optimum). Set standardize: true to standardise the ` +
    `model itself, or use solver "newton" or "lbfgs"`
  );
}
