/**
 * First-order solvers (gd, sgd) slow down in proportion to the spread of the features'
 * scales: the step must suit the largest curvature while the smallest sets the pace. This
 * measures the spread as the ratio of the largest to the smallest column root-mean-square
 * (the intercept column counts as 1) and warns beyond BAD_SCALE_RATIO.
 */
import type { ColumnStatistics } from "../objective/standardization.js";

/** A spread of column scales beyond this (curvatures 10⁴ apart) warrants standardising. */
export const BAD_SCALE_RATIO = 100;

/** The warning for `solver` on features with these statistics, or null when they are well scaled. */
export function badScalingWarning(stats: ColumnStatistics, fitIntercept: boolean, solver: string): string | null {
  let largest = fitIntercept ? { rms: 1, name: "the intercept column" } : undefined;
  let smallest = largest;
  for (let j = 0; j < stats.mean.length; j++) {
    const rms = Math.hypot(stats.mean[j], stats.std[j]);
    if (rms === 0) continue;
    if (!largest || rms > largest.rms) largest = { rms, name: `feature ${j}` };
    if (!smallest || rms < smallest.rms) smallest = { rms, name: `feature ${j}` };
  }
  if (!largest || !smallest || largest.rms <= BAD_SCALE_RATIO * smallest.rms) return null;
  const ratio = largest.rms / smallest.rms;
  return (
    `badly scaled features for ${solver}: column root-mean-squares range from ${smallest.rms.toPrecision(3)} (${smallest.name}) ` +
    `to ${largest.rms.toPrecision(3)} (${largest.name}), a ratio of ${ratio.toPrecision(3)}; first-order solvers converge slowly ` +
    `on such data. Set standardize: true, or use solver "newton" or "lbfgs"`
  );
}
