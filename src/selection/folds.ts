/**
 * The test folds of a cross-validation: stratified and seeded by default (each class's rows
 * shuffled and dealt to the folds in turn, so every fold gets its share of every class and
 * the fold sizes differ by at most one), or given explicitly as arrays of test-row indices,
 * to reproduce another tool's splits. Training rows are the complement of a fold's test rows.
 */
import { copyChecked, describe, isArrayLike } from "../input/checks.js";
import type { Targets } from "../input/targets.js";
import { fail } from "../util/errors.js";
import { seededRandom, shuffle } from "../util/random.js";

/** Test-row indices of each fold, ascending. */
export type Folds = Int32Array[];

/** `count` stratified folds of the rows (plain shuffled folds for soft targets). */
export function stratifiedFolds(targets: Targets, n: number, count: number, seed: number): Folds {
  if (count > n) fail("INVALID_OPTION", `option cv asks for ${count} folds but there are only ${n} rows`);
  const random = seededRandom(seed);
  const groups: number[][] = targets.kind === "labels" ? targets.classes.map(() => []) : [[]];
  for (let i = 0; i < n; i++) groups[targets.kind === "labels" ? targets.index[i] : 0].push(i);
  const members: number[][] = Array.from({ length: count }, () => []);
  let next = 0;
  for (const group of groups) {
    const rows = Int32Array.from(group);
    shuffle(rows, random);
    for (const row of rows) members[next++ % count].push(row);
  }
  return members.map((rows) => Int32Array.from(rows).sort());
}

/** Explicit folds: arrays of distinct test-row indices in [0, n), each leaving training rows. */
export function explicitFolds(cv: ArrayLike<unknown>, n: number): Folds {
  return checkedFolds(cv, n).map((rows) => Int32Array.from(rows).sort());
}

/** The explicit folds as given (each fold and each index read once), checked as explicitFolds does. */
export function checkedFolds(cv: ArrayLike<unknown>, n: number): number[][] {
  const count: unknown = cv.length;
  if (!Number.isSafeInteger(count) || (count as number) < 1) fail("INVALID_OPTION", "option cv must list at least one fold of test rows");
  return copyChecked(cv, count as number, (fold, f) => {
    // The fold's length once; nothing allocated from it (a Proxy may claim 10¹⁰ rows): the
    // rows are checked as they are read, and row indices are Int32, so at most 2³¹ distinct.
    const length = isArrayLike(fold) ? fold.length : 0;
    if (!isArrayLike(fold) || !Number.isSafeInteger(length) || length === 0) fail("INVALID_OPTION", `option cv[${f}] must be a non-empty array of test-row indices, got ${describe(fold)}`);
    if (length > Math.min(n, 2 ** 31 - 1)) fail("INVALID_OPTION", `option cv[${f}] lists ${length} test rows${n === Infinity ? "; row indices are below 2³¹" : ` but X has ${n}`}`);
    const seen = new Set<number>();
    const rows = copyChecked(fold, length, (r, i) => {
      if (typeof r !== "number" || !Number.isInteger(r) || r < 0 || r >= Math.min(n, 2 ** 31)) {
        fail("INVALID_OPTION", `option cv[${f}][${i}] is ${describe(r)}, not a row index ${n === Infinity ? "(an integer in [0, 2³¹))" : `in [0, ${n})`}`);
      }
      if (seen.has(r)) fail("INVALID_OPTION", `option cv[${f}] lists row ${r} twice`);
      seen.add(r);
      return r;
    });
    if (rows.length === n) fail("INVALID_OPTION", `option cv[${f}] holds every row, leaving none to train on`);
    return rows;
  });
}

/** 1 for the training rows of a fold, 0 for its test rows (or the reverse). */
export function rowMask(n: number, test: Int32Array, of: "train" | "test"): Float64Array {
  const mask = new Float64Array(n).fill(of === "train" ? 1 : 0);
  for (const r of test) mask[r] = of === "train" ? 0 : 1;
  return mask;
}
