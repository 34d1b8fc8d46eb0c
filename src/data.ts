/**
 * Input validation and conversion: the caller's X, y and weights become flat, checked
 * Float64Arrays and class indices. Nothing here mutates what the caller passed.
 */
import { fail } from "./errors.js";
import { describe } from "./options.js";

/** A row-major matrix. `data` may be the caller's own array: treat it as read-only. */
export interface Matrix {
  /** rows × cols values, row-major. */
  data: Float64Array | Float32Array;
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  cols: number;
}

/** A class label: the caller's own value, returned by predict. */
export type Label = number | string;

/** Accepted matrix inputs: an array of rows, or a flat row-major array with its shape. */
export type MatrixInput =
  | ArrayLike<ArrayLike<number>>
  | { data: ArrayLike<number>; rows: number; cols: number };

/** Accepted targets: labels (numbers or strings) or an N×K matrix of class probabilities. */
export type TargetInput = ArrayLike<Label> | MatrixInput;

/** Targets ready for the kernels (internal). */
export type Targets =
  | { kind: "labels"; index: Int32Array; classes: Label[] }
  | { kind: "soft"; probabilities: Float64Array; classes: Label[] };

/** Soft-target rows must sum to 1 within this absolute tolerance; they are then renormalised exactly. */
export const SOFT_TARGET_SUM_TOLERANCE = 1e-6;

/** Validate X and return it as a flat matrix; `expectedCols` checks the feature count against a fitted model. */
export function toMatrix(X: unknown, name = "X", expectedCols?: number): Matrix {
  const m = isShapedMatrix(X) ? fromShaped(X, name) : fromRows(X, name);
  if (expectedCols !== undefined && m.cols !== expectedCols) {
    fail("FEATURE_MISMATCH", `${name} has ${m.cols} features (columns) but the model was fitted with ${expectedCols}`);
  }
  return m;
}

function isShapedMatrix(X: unknown): X is { data: ArrayLike<number>; rows: number; cols: number } {
  return typeof X === "object" && X !== null && !isArrayLike(X) && "data" in X;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || ArrayBuffer.isView(v);
}

function fromShaped(X: { data: ArrayLike<number>; rows: unknown; cols: unknown }, name: string): Matrix {
  const { data, rows, cols } = X;
  if (!Number.isSafeInteger(rows) || (rows as number) < 1) fail("INVALID_X", `${name}.rows must be a positive integer, got ${describe(rows)}`);
  if (!Number.isSafeInteger(cols) || (cols as number) < 1) fail("INVALID_X", `${name}.cols must be a positive integer, got ${describe(cols)}`);
  const r = rows as number;
  const c = cols as number;
  if (!isArrayLike(data)) fail("INVALID_X", `${name}.data must be an array or typed array, got ${describe(data)}`);
  if (data.length !== r * c) {
    fail("INVALID_X", `${name}.data has length ${data.length} but rows×cols = ${r}×${c} = ${r * c}`);
  }
  const flat = data instanceof Float64Array || data instanceof Float32Array ? data : Float64Array.from(data as ArrayLike<number>);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== "number") fail("INVALID_X", `${name} row ${Math.floor(i / c)}, column ${i % c} is ${describe(v)}, not a number`);
    if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${Math.floor(i / c)}, column ${i % c} is ${v}`);
  }
  return { data: flat, rows: r, cols: c };
}

function fromRows(X: unknown, name: string): Matrix {
  if (!isArrayLike(X)) fail("INVALID_X", `${name} must be an array of rows or { data, rows, cols }, got ${describe(X)}`);
  const rows = X.length;
  if (rows === 0) fail("INVALID_X", `${name} is empty (no rows)`);
  const first = X[0];
  if (!isArrayLike(first)) {
    fail("INVALID_X", `${name} must be 2-D (an array of rows); row 0 is ${describe(first)}. Wrap a single sample as [[...]]`);
  }
  const cols = first.length;
  if (cols === 0) fail("INVALID_X", `${name} has zero features (row 0 is empty)`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = X[i];
    if (!isArrayLike(row)) fail("INVALID_X", `${name} row ${i} is ${describe(row)}, not an array`);
    if (row.length !== cols) fail("INVALID_X", `${name} is ragged: row ${i} has ${row.length} values, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== "number") fail("INVALID_X", `${name} row ${i}, column ${j} is ${describe(v)}, not a number`);
      if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${i}, column ${j} is ${v}`);
      data[i * cols + j] = v;
    }
  }
  return { data, rows, cols };
}

/** Validate targets for `rows` samples: labels become class indices, probability rows are checked and renormalised. */
export function toTargets(y: unknown, rows: number): Targets {
  if (isShapedMatrix(y) || (isArrayLike(y) && y.length > 0 && isArrayLike(y[0]))) {
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
