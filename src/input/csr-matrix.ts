/**
 * Reads X given as a CSR matrix with scipy's names, `{ indptr, indices, data, rows, cols }`:
 * row i holds the entries indptr[i] .. indptr[i+1] − 1 of `indices` (columns) and `data`
 * (values). Every field and every value is read once and checked as it is copied into arrays
 * of the library's own; the copy is canonical: columns ascending within a row, a column given
 * twice in a row stored once with the sum of its values (as scipy's sum_duplicates does;
 * entries that sum to zero stay stored, as scipy's do).
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike } from "./checks.js";

/** A checked CSR matrix owned by the library: canonical rows, finite values. */
export interface SparseMatrix {
  readonly kind: "csr";
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 entry offsets, indptr[0] = 0, non-decreasing. */
  readonly indptr: Int32Array;
  /** Column of each entry, ascending and distinct within a row. */
  readonly indices: Int32Array;
  /** Value of each entry (finite). */
  readonly data: Float64Array;
}

/** Accepted CSR inputs: scipy's field names; indices and indptr integer arrays, data numbers. */
export interface CsrInput {
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** Whether X is meant as CSR: an object (not an array) with an `indptr` field. */
export function isCsrInput(X: unknown): boolean {
  return typeof X === "object" && X !== null && !isArrayLike(X) && "indptr" in X;
}

/** Validate and copy a CSR input (INVALID_X, NON_FINITE naming the row and the entry). */
export function readCsr(X: unknown, name = "X"): SparseMatrix {
  // Each field once: a getter or Proxy sees one read per field.
  const { indptr, indices, data, rows, cols } = X as Record<keyof CsrInput, unknown>;
  if (!Number.isSafeInteger(rows) || (rows as number) < 1) fail("INVALID_X", `${name}.rows must be a positive integer, got ${describe(rows)}`);
  if (!Number.isSafeInteger(cols) || (cols as number) < 1) fail("INVALID_X", `${name}.cols must be a positive integer, got ${describe(cols)}`);
  if ((cols as number) > 2 ** 31 - 1) fail("INVALID_X", `${name}.cols is ${cols}; at most 2³¹ − 1 columns are supported`);
  const n = rows as number;
  const d = cols as number;
  for (const [field, value] of [["indptr", indptr], ["indices", indices], ["data", data]] as const) {
    if (!isArrayLike(value)) fail("INVALID_X", `${name}.${field} must be an array or typed array, got ${describe(value)}`);
  }
  const offsets = readIndptr(indptr as ArrayLike<unknown>, n, name);
  const nnz = offsets[n];
  const columnsIn = indices as ArrayLike<unknown>;
  const valuesIn = data as ArrayLike<unknown>;
  // Lengths are read once each, and checked against indptr before any entry is read.
  const columnCount = columnsIn.length;
  const valueCount = valuesIn.length;
  if (columnCount !== nnz || valueCount !== nnz) {
    fail(
      "INVALID_X",
      `${name}.indptr[${n}] = ${nnz} entries, but ${name}.indices has ${columnCount} and ${name}.data ${valueCount}; all three must agree`,
    );
  }
  return copyEntries(offsets, columnsIn, valuesIn, n, d, name);
}

/** indptr as Int32Array: rows + 1 integers from 0, non-decreasing, the last < 2³¹. */
function readIndptr(indptr: ArrayLike<unknown>, n: number, name: string): Int32Array {
  const length = indptr.length;
  if (length !== n + 1) fail("INVALID_X", `${name}.indptr has length ${length} but rows + 1 = ${n + 1}`);
  const out = new Int32Array(n + 1);
  let previous = 0;
  for (let i = 0; i <= n; i++) {
    const v = indptr[i];
    if (typeof v !== "number" || !Number.isInteger(v)) fail("INVALID_X", `${name}.indptr[${i}] is ${describe(v)}, not an integer`);
    if (i === 0 && v !== 0) fail("INVALID_X", `${name}.indptr[0] is ${v}; it must be 0`);
    if (v < previous) {
      fail("INVALID_X", `${name}.indptr decreases at row ${i - 1}: indptr[${i - 1}] = ${previous} > indptr[${i}] = ${v}`);
    }
    if (v > 2 ** 31 - 1) fail("INVALID_X", `${name}.indptr[${i}] is ${v}; at most 2³¹ − 1 entries are supported`);
    out[i] = previous = v;
  }
  return out;
}

/**
 * Copy every entry once, checking its column and value, then put each row in canonical
 * order (sorting only rows that need it, summing repeated columns in place).
 */
function copyEntries(offsets: Int32Array, columnsIn: ArrayLike<unknown>, valuesIn: ArrayLike<unknown>, n: number, d: number, name: string): SparseMatrix {
  const nnz = offsets[n];
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  const indptr = new Int32Array(n + 1);
  let written = 0;
  for (let i = 0; i < n; i++) {
    const start = written;
    let sorted = true;
    let distinct = true;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = columnsIn[e];
      const v = valuesIn[e];
      const position = `${name} row ${i}, entry ${e - offsets[i]} (indices[${e}])`;
      if (typeof j !== "number" || !Number.isInteger(j)) fail("INVALID_X", `${position}: column index ${describe(j)} is not an integer`);
      if (j < 0 || j >= d) fail("INVALID_X", `${position}: column index ${j} is out of range (cols = ${d})`);
      if (typeof v !== "number") fail("INVALID_X", `${name} row ${i}, column ${j} (data[${e}]) is ${describe(v)}, not a number`);
      if (!Number.isFinite(v)) fail("NON_FINITE", `${name} row ${i}, column ${j} (data[${e}]) is ${v}`);
      if (written > start) {
        const last = indices[written - 1];
        if (j < last) sorted = false;
        else if (j === last) distinct = false;
      }
      indices[written] = j;
      data[written++] = v;
    }
    if (!sorted) sortRow(indices, data, start, written);
    if (!sorted || !distinct) {
      written = sumRepeats(indices, data, start, written);
      for (let e = start; e < written; e++) {
        if (!Number.isFinite(data[e])) fail("NON_FINITE", `${name} row ${i}, column ${indices[e]}: its repeated entries sum to ${data[e]}`);
      }
    }
    indptr[i + 1] = written;
  }
  return {
    kind: "csr",
    rows: n,
    cols: d,
    indptr,
    indices: written === nnz ? indices : indices.slice(0, written),
    data: written === nnz ? data : data.slice(0, written),
  };
}

/** Sort entries [start, end) by column, carrying their values (stable). */
function sortRow(indices: Int32Array, data: Float64Array, start: number, end: number): void {
  const order = Array.from({ length: end - start }, (_, q) => start + q);
  order.sort((a, b) => indices[a] - indices[b] || a - b);
  const columns = order.map((e) => indices[e]);
  const values = order.map((e) => data[e]);
  indices.set(columns, start);
  data.set(values, start);
}

/** Merge equal neighbouring columns of the sorted entries [start, end) into one; returns the new end. */
function sumRepeats(indices: Int32Array, data: Float64Array, start: number, end: number): number {
  let out = start;
  for (let e = start; e < end; e++) {
    if (out > start && indices[out - 1] === indices[e]) data[out - 1] += data[e];
    else {
      indices[out] = indices[e];
      data[out++] = data[e];
    }
  }
  return out;
}
