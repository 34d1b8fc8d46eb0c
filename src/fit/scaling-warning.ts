/**
 * First-order solvers (gd, sgd) slow down in proportion to the spread of the features'
 * scales: the step must suit the largest curvature while the smallest sets the pace. This
 * measures the spread as the ratio of the largest to the smallest column root-mean-square
 * (the intercept column counts as 1). Beyond BAD_SCALE_RATIO those solvers run on
 * standardised coordinates with the penalty still on the original weights (the same optimum,
 * a better-conditioned path; objective/standardization.ts), and the fit says so.
 */
import type { ColumnStatistics } from "../objective/standardization.js";

/** A spread of column scales beyond this (curvatures 10⁴ apart) warrants rescaling. */
export const BAD_SCALE_RATIO = 100;

/** The columns with the largest and the smallest root-mean-square, and their ratio. */
export interface ScaleSpread {
  largest: { rms: number; name: string };
  smallest: { rms: number; name: string };
  ratio: number;
}

/** The spread of the column scales, or null when it is within BAD_SCALE_RATIO. */
export function badScaleSpread(stats: ColumnStatistics, fitIntercept: boolean): ScaleSpread | null {
  let largest = fitIntercept ? { rms: 1, name: "the intercept column" } : undefined;
  let smallest = largest;
  for (let j = 0; j < stats.mean.length; j++) {
    const rms = Math.hypot(stats.mean[j], stats.std[j]);
    if (rms === 0) continue;
    if (!largest || rms > largest.rms) largest = { rms, name: `feature ${j}` };
    if (!smallest || rms < smallest.rms) smallest = { rms, name: `feature ${j}` };
  }
  if (!largest || !smallest || largest.rms <= BAD_SCALE_RATIO * smallest.rms) return null;
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
