/** Sample weights as the library holds them: one checked, non-negative Float64 per row. */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";

/** Checked weights brought to a scale where their sums neither overflow nor underflow. */
export interface Weights {
  /** One weight per row, the largest in [1, 2): the caller's divided by `scale` (all ones when none were given). */
  values: Float64Array;
  /** What the caller's weights were divided by: caller's weight = value × scale. */
  scale: number;
}

/**
 * Validate sample weights, each read once; absent weights are all ones. The objective is a
 * weighted mean, which does not depend on the weights' scale, so they are divided by the
 * power of two that brings the largest into [1, 2): a division by a power of two is exact,
 * so every sum scales exactly and the model is the one the caller's weights give, bit for
 * bit, while weights of 1e308 (whose sum overflows) or 5e-324 (whose products underflow)
 * work as well as any. Weights that are all equal are all ones: the unweighted mean.
 */
export function toWeights(sampleWeight: unknown, rows: number): Weights {
  if (sampleWeight === undefined || sampleWeight === null) return { values: new Float64Array(rows).fill(1), scale: 1 };
  if (!isArrayLike(sampleWeight)) fail("INVALID_WEIGHTS", `sampleWeight must be an array of ${rows} numbers, got ${describe(sampleWeight)}`);
  const length = sampleWeight.length;
  if (length !== rows) fail("INVALID_WEIGHTS", `sampleWeight has ${describe(length)} values but X has ${rows} rows`);
  const w = new Float64Array(rows);
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < rows; i++) {
    const v = sampleWeight[i];
    if (typeof v !== "number") fail("INVALID_WEIGHTS", `sampleWeight at row ${i} is ${describe(v)}, not a number`);
    if (!Number.isFinite(v)) fail("NON_FINITE", `sampleWeight at row ${i} is ${v}`);
    if (v < 0) fail("INVALID_WEIGHTS", `sampleWeight at row ${i} is negative (${v})`);
    w[i] = v;
    if (v > largest) largest = v;
    if (v < smallest) smallest = v;
  }
  if (largest === 0) fail("INVALID_WEIGHTS", "sampleWeight is zero for every row; at least one row must count");
  if (smallest === largest) return { values: w.fill(1), scale: largest };
  const scale = powerOfTwoBelow(largest);
  if (scale !== 1) for (let i = 0; i < rows; i++) w[i] /= scale;
  return { values: w, scale };
}

/** The power of two 2^e with 2^e ≤ v < 2^(e+1), for v > 0 (subnormals included). */
export function powerOfTwoBelow(v: number): number {
  let e = Math.floor(Math.log2(v));
  // log2 may round across an integer near powers of two: correct by one step either way.
  if (2 ** e > v) e--;
  else if (2 ** (e + 1) <= v) e++;
  return 2 ** e;
}
