/** Sample weights as the library holds them: one checked, non-negative Float64 per row. */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";

/** Validate sample weights; absent weights are all ones. */
export function toWeights(sampleWeight: unknown, rows: number): Float64Array {
  if (sampleWeight === undefined || sampleWeight === null) return new Float64Array(rows).fill(1);
  if (!isArrayLike(sampleWeight)) fail("INVALID_WEIGHTS", `sampleWeight must be an array of ${rows} numbers, got ${describe(sampleWeight)}`);
  if (sampleWeight.length !== rows) {
    fail("INVALID_WEIGHTS", `sampleWeight has ${sampleWeight.length} values but X has ${rows} rows`);
  }
  const w = new Float64Array(rows);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const v = sampleWeight[i];
    if (typeof v !== "number") fail("INVALID_WEIGHTS", `sampleWeight at row ${i} is ${describe(v)}, not a number`);
    if (!Number.isFinite(v)) fail("NON_FINITE", `sampleWeight at row ${i} is ${v}`);
    if (v < 0) fail("INVALID_WEIGHTS", `sampleWeight at row ${i} is negative (${v})`);
    w[i] = v;
    total += v;
  }
  if (total === 0) fail("INVALID_WEIGHTS", "sampleWeight is zero for every row; at least one row must count");
  return w;
}
