/**
 * y as the library holds it: class indices into the sorted distinct labels, or checked and
 * renormalised rows of class probabilities (soft targets).
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import { flatMatrix } from "./flat-matrix.js";
import { toMatrix, type Matrix, type MatrixInput } from "./matrix.js";

/** A class label: the caller's own value, returned by predict. */
export type Label = number | string;

/** Accepted targets: labels (numbers or strings) or an N×K matrix of class probabilities. */
export type TargetInput = ArrayLike<Label> | MatrixInput;

/** Targets ready for the kernels (internal). */
export type Targets =
  | { kind: "labels"; index: Int32Array; classes: Label[] }
  | { kind: "soft"; probabilities: Float64Array; classes: Label[] };

/** Soft-target rows must sum to 1 within this absolute tolerance; they are then renormalised exactly. */
export const SOFT_TARGET_SUM_TOLERANCE = 1e-6;

/** Validate targets for `rows` samples: labels become class indices, probability rows are checked and renormalised. */
export function toTargets(y: unknown, rows: number): Targets {
  // A matrix of probabilities: flat with its shape, or rows of K values.
  if (flatMatrix.accepts(y) || (isArrayLike(y) && y.length > 0 && isArrayLike(y[0]))) {
    return softTargets(toMatrixForTargets(y), rows);
  }
  if (!isArrayLike(y)) fail("INVALID_Y", `y must be an array of labels or an N×K matrix of probabilities, got ${describe(y)}`);
  if (y.length !== rows) fail("INVALID_Y", `y has ${y.length} labels but X has ${rows} rows`);
  const classes = sortedClasses(y);
  if (classes.length < 2) {
    fail("TOO_FEW_CLASSES", `y has only one class (${describe(classes[0])}); at least two are needed`);
  }
  const position = new Map<Label, number>(classes.map((c, k) => [c, k]));
  const index = new Int32Array(rows);
  for (let i = 0; i < rows; i++) index[i] = position.get(y[i] as Label)!;
  return { kind: "labels", index, classes };
}

function toMatrixForTargets(y: unknown): Matrix {
  try {
    return toMatrix(y, "y");
  } catch (e) {
    // Report problems with soft targets under the y codes, keeping non-finite values distinct.
    const err = e as { code?: string; message: string };
    if (err.code === "INVALID_X") fail("INVALID_Y", err.message);
    throw e;
  }
}

function softTargets(m: Matrix, rows: number): Targets {
  if (m.rows !== rows) fail("INVALID_Y", `y has ${m.rows} probability rows but X has ${rows} rows`);
  const K = m.cols;
  if (K < 2) fail("TOO_FEW_CLASSES", `soft targets have ${K} column; at least two classes are needed`);
  const probabilities = new Float64Array(m.rows * K);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = m.data[i * K + k];
      if (v < 0) fail("INVALID_Y", `soft target row ${i}, class ${k} is negative (${v})`);
      sum += v;
    }
    if (Math.abs(sum - 1) > SOFT_TARGET_SUM_TOLERANCE) {
      fail("INVALID_Y", `soft target row ${i} sums to ${sum}, not 1 (tolerance ${SOFT_TARGET_SUM_TOLERANCE})`);
    }
    for (let k = 0; k < K; k++) probabilities[i * K + k] = m.data[i * K + k] / sum;
  }
  return { kind: "soft", probabilities, classes: Array.from({ length: K }, (_, k) => k) };
}

/** Distinct labels, sorted (numbers ascending, strings by code unit); all numbers or all strings. */
function sortedClasses(y: ArrayLike<unknown>): Label[] {
  const seen = new Set<Label>();
  let kind: "number" | "string" | undefined;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === "number") {
      if (!Number.isFinite(v)) fail("NON_FINITE", `y label at row ${i} is ${v}`);
    } else if (typeof v !== "string") {
      fail("INVALID_Y", `y label at row ${i} is ${describe(v)}; labels must be numbers or strings`);
    }
    const k = typeof v as "number" | "string";
    if (kind === undefined) kind = k;
    else if (kind !== k) fail("INVALID_Y", `y mixes numbers and strings (row ${i} is ${describe(v)})`);
    // -0 and 0 are one class.
    seen.add(typeof v === "number" && v === 0 ? 0 : (v as Label));
  }
  const classes = [...seen];
  return kind === "number"
    ? (classes as number[]).sort((a, b) => a - b)
    : (classes as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
