/**
 * y as the library holds it: class indices into the sorted distinct labels, or checked and
 * renormalised rows of class probabilities (soft targets). Every value of y is read once:
 * the labels are copied first, and everything after works on the copy.
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";
import { isCsrInput } from "./csr-matrix.js";
import { flatSource } from "./flat-matrix.js";
import { readAll, type Matrix, type MatrixInput } from "./matrix.js";
import { rowSource } from "./row-arrays.js";

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

/**
 * Validate targets for `rows` samples: labels become class indices, probability rows are
 * checked and renormalised. A matrix with one column (N×1) holds labels.
 */
export function toTargets(y: unknown, rows: number): Targets {
  if (isCsrInput(y)) fail("INVALID_Y", "y is a CSR matrix ({ indptr, indices, data }); give labels or a dense N×K matrix of probabilities");
  if (typeof y === "object" && y !== null && !isArrayLike(y) && !ArrayBuffer.isView(y) && "data" in y) {
    const { data, rows: r, cols } = y as { data: unknown; rows: unknown; cols: unknown };
    // The row count first: a y of another length is refused before anything is read or allocated.
    if (Number.isSafeInteger(r) && r !== rows) {
      fail("INVALID_Y", cols === 1 ? `y has ${describe(r)} labels but X has ${rows} rows` : `y has ${describe(r)} probability rows but X has ${rows} rows`);
    }
    if (cols === 1 && isArrayLike(data)) {
      const labels = readLabels(data, "y.data", rows, (length) => `y.data has length ${length} but rows×cols = ${describe(r)}×1`);
      if (r !== labels.length) fail("INVALID_Y", `y.data has length ${labels.length} but rows×cols = ${describe(r)}×1`);
      return labelTargets(labels, rows);
    }
    if (Number.isSafeInteger(cols)) softTargetsFit(rows, cols as number);
    return softTargets(asTargetMatrix(() => readAll(flatSource(data, r, cols, "y"))), rows);
  }
  if (!isArrayLike(y)) fail("INVALID_Y", `y must be an array of labels or an N×K matrix of probabilities, got ${describe(y)}`);
  const values = readLabels(y, "y", rows, (length, first) =>
    isArrayLike(first) ? `y has ${length} probability rows but X has ${rows} rows` : `y has ${length} labels but X has ${rows} rows`,
  );
  const first = values[0];
  if (!isArrayLike(first)) return labelTargets(values, rows);
  // Rows of values: one column holds labels, more hold class probabilities.
  const source = asTargetMatrix(() => rowSource(values, values.length, first, "y"));
  if (source.cols === 1) return labelTargets(columnOfLabels(values, first), rows);
  softTargetsFit(rows, source.cols);
  return softTargets(asTargetMatrix(() => readAll(source)), rows);
}

/**
 * Copy the elements of an array-like, each read once, after checking that it holds `rows` of
 * them: a y of another length (a Proxy claiming 1e9 labels, the labels of a larger data set)
 * is refused before a copy of that length is allocated. `mismatch` words the error; it is given
 * the length and, when there is one, element 0 (read once, for the wording: labels or rows).
 */
function readLabels(y: ArrayLike<unknown>, name: string, rows: number, mismatch: (length: number, first: unknown) => string): unknown[] {
  const length = y.length;
  if (!Number.isSafeInteger(length)) fail("INVALID_Y", `${name} has no valid length (${describe(length)})`);
  if (length !== rows) fail("INVALID_Y", mismatch(length, length > 0 ? y[0] : undefined));
  const values = new Array<unknown>(length);
  for (let i = 0; i < length; i++) values[i] = y[i];
  return values;
}

/**
 * Soft targets are held as rows × K float64 in kernel memory, which holds 4 GiB at most: a
 * larger matrix (a row of y claiming a billion classes, X passed as y) is refused from its
 * shape, before its copy is allocated.
 */
function softTargetsFit(rows: number, K: number): void {
  const bytes = rows * K * 8;
  if (bytes > 2 ** 32) {
    fail("TOO_LARGE", `y is ${rows} rows × ${K} class probabilities: ${(bytes / 2 ** 30).toFixed(2)} GiB as float64, more than WebAssembly's 4 GiB of kernel memory holds`);
  }
}

/** The labels of an N×1 matrix given as rows (`first` is row 0, whose length, 1, was read). */
function columnOfLabels(rows: unknown[], first: ArrayLike<unknown>): unknown[] {
  return rows.map((row, i) => {
    const r = i === 0 ? first : row;
    if (!isArrayLike(r)) fail("INVALID_Y", `y row ${i} is ${describe(r)}, not an array`);
    const length = i === 0 ? 1 : r.length;
    if (length !== 1) fail("INVALID_Y", `y is ragged: row ${i} has ${length} values, row 0 has 1`);
    return r[0];
  });
}

/** Integer labels below this are mapped to classes by a table. */
const SMALL_LABELS = 65536;

function labelTargets(values: unknown[], rows: number): Targets {
  if (values.length !== rows) fail("INVALID_Y", `y has ${values.length} labels but X has ${rows} rows`);
  const classes = sortedClasses(values);
  if (classes.length < 2) {
    fail("TOO_FEW_CLASSES", `y has only one class (${describe(classes[0])}); at least two are needed`);
  }
  const index = new Int32Array(rows);
  const last = classes[classes.length - 1];
  if (typeof last === "number" && (classes[0] as number) >= 0 && last < SMALL_LABELS && (classes as number[]).every(Number.isInteger)) {
    // Labels 0, 1, 2, …: a table lookup (a Map lookup per row costs ~100 ns; 10 ms on 100 000 rows).
    const table = new Int32Array(last + 1);
    classes.forEach((c, k) => (table[c as number] = k));
    for (let i = 0; i < rows; i++) index[i] = table[values[i] as number];
    return { kind: "labels", index, classes };
  }
  const position = new Map<Label, number>(classes.map((c, k) => [c, k]));
  for (let i = 0; i < rows; i++) index[i] = position.get(values[i] as Label)!;
  return { kind: "labels", index, classes };
}

/** Run a matrix read of y, reporting its problems under the y codes (non-finite values stay NON_FINITE). */
function asTargetMatrix<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    const err = e as { code?: string; message: string };
    if (err.code === "INVALID_X") fail("INVALID_Y", err.message);
    throw e;
  }
}

function softTargets(m: Matrix, rows: number): Targets {
  if (m.rows !== rows) fail("INVALID_Y", `y has ${m.rows} probability rows but X has ${rows} rows`);
  const K = m.cols;
  if (K < 2) fail("TOO_FEW_CLASSES", `soft targets have ${K} column; at least two classes are needed`);
  // m is the library's own copy: normalise it in place.
  const probabilities = m.data as Float64Array;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = probabilities[i * K + k];
      if (v < 0) fail("INVALID_Y", `soft target row ${i}, class ${k} is negative (${v})`);
      sum += v;
    }
    if (Math.abs(sum - 1) > SOFT_TARGET_SUM_TOLERANCE) {
      fail("INVALID_Y", `soft target row ${i} sums to ${sum}, not 1 (tolerance ${SOFT_TARGET_SUM_TOLERANCE})`);
    }
    for (let k = 0; k < K; k++) probabilities[i * K + k] /= sum;
  }
  return { kind: "soft", probabilities, classes: Array.from({ length: K }, (_, k) => k) };
}

/** Distinct labels, sorted (numbers ascending, strings by code unit); all numbers or all strings. */
function sortedClasses(y: readonly unknown[]): Label[] {
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

/**
 * Labels to score against a model's classes, read once: they must be of the classes' kind
 * (numbers or strings) and finite; a label the model does not know counts as a miss.
 */
export function scoreLabels(y: unknown, rows: number, classes: readonly Label[]): unknown[] {
  if (!isArrayLike(y)) fail("INVALID_Y", `y must hold ${rows} labels (one per row of X), got ${describe(y)}`);
  const values = readLabels(y, "y", rows, (length) => `y must hold ${rows} labels (one per row of X), got ${length}`);
  const kind = typeof classes[0];
  for (let i = 0; i < rows; i++) {
    const v = values[i];
    if (typeof v !== kind) {
      fail("INVALID_Y", `y label at row ${i} is ${describe(v)} but the model's classes are ${kind}s (${classes.slice(0, 3).map((c) => describe(c)).join(", ")}${classes.length > 3 ? ", …" : ""})`);
    }
    if (typeof v === "number" && !Number.isFinite(v)) fail("NON_FINITE", `y label at row ${i} is ${v}`);
  }
  return values;
}
