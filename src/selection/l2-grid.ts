/**
 * The candidate penalties of a cross-validation: given values, or a count of values
 * log-spaced like scikit-learn's default Cs = logspace(−4, 4, count), which for this
 * objective's λ = 1/(C·N) is λ = 10^t/N for t evenly spaced in [−4, 4] (ascending λ).
 */
import { copyChecked, describe, isArrayLike } from "../input/checks.js";
import { fail } from "../util/errors.js";

export const DEFAULT_L2_COUNT = 10;

/** More λ values than any search or path needs (each costs a fit, per fold in CV): refused rather than run for hours or out of memory. */
export const MAX_GRID_POINTS = 1000;

/** The λ values for N rows from the l2s option (a count or the values themselves). */
export function l2Grid(l2s: unknown, N: number): number[] {
  if (typeof l2s === "number") {
    if (!Number.isSafeInteger(l2s) || l2s < 1) fail("INVALID_OPTION", `option l2s must be a count ≥ 1 or an array of λ values, got ${describe(l2s)}`);
    if (l2s > MAX_GRID_POINTS) fail("INVALID_OPTION", `option l2s asks for ${l2s} λ values; a search takes at most ${MAX_GRID_POINTS}`);
    if (l2s === 1) return [1e-4 * 10 ** 4 / N];
    return Array.from({ length: l2s }, (_, i) => 10 ** (4 - (8 * i) / (l2s - 1)) / N).reverse();
  }
  return l2Values(l2s);
}

/** Validate explicit λ values: finite, ≥ 0, distinct (a copy). */
export function l2Values(l2s: unknown): number[] {
  // The length once, checked before any value is read: each candidate costs a fit per fold.
  const length: unknown = isArrayLike(l2s) ? l2s.length : 0;
  if (!isArrayLike(l2s) || !Number.isSafeInteger(length) || length === 0) fail("INVALID_OPTION", `option l2s must be a count ≥ 1 or a non-empty array of λ values, got ${describe(l2s)}`);
  if ((length as number) > MAX_GRID_POINTS) fail("INVALID_OPTION", `option l2s lists ${length} λ values; a search takes at most ${MAX_GRID_POINTS}`);
  const values = copyChecked(l2s, length as number, (v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) fail("INVALID_OPTION", `option l2s[${i}] must be a finite number ≥ 0, got ${describe(v)}`);
    return v;
  });
  values.forEach((v, i) => {
    if (values.indexOf(v) !== i) fail("INVALID_OPTION", `option l2s[${i}] (${v}) is a duplicate`);
  });
  return values;
}
