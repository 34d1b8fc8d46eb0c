/** The default λ₁ grids of l1Path and LogisticRegressionCV's l1s count. */

/** The smallest λ₁ of a default grid over λ₁_max: glmnet's defaults, 1e-4 when N > d, else 1e-2. */
export function defaultL1MinRatio(n: number, d: number): number {
  return n > d ? 1e-4 : 1e-2;
}

/** `count` values log-spaced from λ₁_max down to ratio·λ₁_max, largest first (just λ₁_max if it is 0). */
export function l1Grid(max: number, ratio: number, count: number): number[] {
  if (count === 1 || max === 0) return [max];
  return Array.from({ length: count }, (_, i) => (i === 0 ? max : max * Math.pow(ratio, i / (count - 1))));
}
