/**
 * Reads X given as a CSR matrix with scipy's names, `{ indptr, indices, data, rows, cols }`:
 * row i holds the entries indptr[i] .. indptr[i+1] − 1 of `indices` (columns) and `data`
 * (values). Like the dense readers (matrix.ts), opening reads the shape — the fields once
 * each, and indptr whole, which is what the size checks need — and `copyRows` then copies the
 * entries straight into their destination (kernel memory, usually), checking each as it is
 * read, every entry exactly once. The copy is canonical: columns ascending within a row, a
 * column given twice in a row stored once with the sum of its values (as scipy's
 * sum_duplicates does; entries that sum to zero stay stored, as scipy's do).
 */
import { fail } from "../util/errors.js";
import { describe, isArrayLike, isBigIntArray } from "./checks.js";
import { CsrRowSorter } from "./csr-row-sort.js";
import type { Destination } from "./matrix.js";

/** Accepted CSR inputs: scipy's field names; indices and indptr integer arrays, data numbers. */
export interface CsrInput {
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** The caller's CSR matrix with its shape read and checked, its entries not yet. */
export interface CsrSource {
  readonly kind: "csr";
  readonly rows: number;
  readonly cols: number;
  /** Entries stored by the caller in rows [start, start + count): the room copyRows needs. */
  entries(start: number, count: number): number;
  /**
   * Copy rows [start, start + count), checked and canonical: their offsets (from 0) into
   * indptr[at .. at + count], columns and values into indices and values from `entryAt`.
   * Rejects bad columns (INVALID_X), non-numbers (INVALID_X) and values not finite once
   * stored (NON_FINITE, also a finite value beyond float32 in a Float32Array), naming the
   * row and the entry. Returns the largest |value| stored. Copy each row at most once, in the
   * synchronous call that opened the source.
   */
  copyRows(start: number, count: number, indptr: Int32Array, at: number, indices: Int32Array, values: Destination, entryAt: number): number;
}

/** A checked CSR matrix held by the library (a prediction's rows, a test's expectation). */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Whether X is meant as CSR: an object (not an array) with an `indptr` field. */
export function isCsrInput(X: unknown): boolean {
  return typeof X === "object" && X !== null && !isArrayLike(X) && "indptr" in X;
}

/** Whether an opened X is CSR. */
export function isCsrSource(X: object): X is CsrSource {
  return (X as Partial<CsrSource>).kind === "csr";
}

/** Open a CSR input: check its fields and indptr (INVALID_X naming the field or the row). */
export function csrSource(X: unknown, name = "X"): CsrSource {
  // Each field once: a getter or Proxy sees one read per field.
  const { indptr, indices, data, rows, cols } = X as Record<keyof CsrInput, unknown>;
  if (!Number.isSafeInteger(rows) || (rows as number) < 1) fail("INVALID_X", `${name}.rows must be a positive integer, got ${describe(rows)}`);
  if (!Number.isSafeInteger(cols) || (cols as number) < 1) fail("INVALID_X", `${name}.cols must be a positive integer, got ${describe(cols)}`);
  if ((cols as number) > 2 ** 31 - 1) fail("INVALID_X", `${name}.cols is ${cols}; at most 2³¹ − 1 columns are supported`);
  const n = rows as number;
  const d = cols as number;
  for (const [field, value] of [["indptr", indptr], ["indices", indices], ["data", data]] as const) {
    if (isBigIntArray(value)) fail("INVALID_X", `${name}.${field} is a ${describe(value).slice(2)} of bigints; pass numbers (e.g. ${field === "data" ? "a Float64Array" : "an Int32Array"})`);
    if (!isArrayLike(value)) fail("INVALID_X", `${name}.${field} must be an array or typed array, got ${describe(value)}`);
  }
  const offsets = readIndptr(indptr as ArrayLike<unknown>, n, name);
  const nnz = offsets[n];
  const columnsIn = indices as ArrayLike<unknown>;
  const valuesIn = data as ArrayLike<unknown>;
  // Lengths once each, checked against indptr before any entry is read.
  const columnCount = columnsIn.length;
  const valueCount = valuesIn.length;
  if (columnCount !== nnz || valueCount !== nnz) {
    fail(
      "INVALID_X",
      `${name}.indptr[${n}] = ${nnz} entries, but ${name}.indices has ${describe(columnCount)} and ${name}.data ${describe(valueCount)}; all three must agree`,
    );
  }
  const copy = entryCopier(offsets, columnsIn, valuesIn, d, name);
  return {
    kind: "csr",
    rows: n,
    cols: d,
    entries: (start, count) => offsets[start + count] - offsets[start],
    copyRows: copy,
  };
}

/** Open and copy a CSR input into arrays of the library's own. */
export function readCsr(X: unknown, name = "X"): SparseMatrix {
  const source = csrSource(X, name);
  const entries = source.entries(0, source.rows);
  const indptr = new Int32Array(source.rows + 1);
  const indices = new Int32Array(entries);
  const data = new Float64Array(entries);
  source.copyRows(0, source.rows, indptr, 0, indices, data, 0);
  const stored = indptr[source.rows];
  return {
    rows: source.rows,
    cols: source.cols,
    indptr,
    indices: stored === entries ? indices : indices.slice(0, stored),
    data: stored === entries ? data : data.slice(0, stored),
  };
}

/** indptr as Int32Array: rows + 1 integers from 0, non-decreasing, the last < 2³¹. */
function readIndptr(indptr: ArrayLike<unknown>, n: number, name: string): Int32Array {
  const length = indptr.length;
  if (length !== n + 1) fail("INVALID_X", `${name}.indptr has length ${describe(length)} but rows + 1 = ${n + 1}`);
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
 * The copyRows of a source. Each entry is read once and checked; a row's values are also
 * kept in f64 while it is copied, so a row that turns out unsorted or to repeat a column is
 * sorted and summed from them (in f64, then stored: a float32 destination rounds the sum).
 */
function entryCopier(offsets: Int32Array, columnsIn: ArrayLike<unknown>, valuesIn: ArrayLike<unknown>, d: number, name: string): CsrSource["copyRows"] {
  let rowColumns = new Int32Array(64);
  let rowValues = new Float64Array(64);
  const sorter = new CsrRowSorter();
  return (start, count, indptr, at, indices, values, entryAt) => {
    let written = 0;
    let largest = 0;
    indptr[at] = 0;
    for (let i = start; i < start + count; i++) {
      const length = offsets[i + 1] - offsets[i];
      if (length > rowColumns.length) {
        rowColumns = new Int32Array(length);
        rowValues = new Float64Array(length);
      }
      let canonical = true;
      for (let q = 0; q < length; q++) {
        const e = offsets[i] + q;
        const j = columnsIn[e];
        const v = valuesIn[e];
        if (typeof j !== "number" || !Number.isInteger(j)) fail("INVALID_X", `${name} row ${i}, entry ${q} (indices[${e}]): column index ${describe(j)} is not an integer`);
        if (j < 0 || j >= d) fail("INVALID_X", `${name} row ${i}, entry ${q} (indices[${e}]): column index ${j} is out of range (cols = ${d})`);
        if (typeof v !== "number") fail("INVALID_X", `${name} row ${i}, column ${j} (data[${e}]) is ${describe(v)}, not a number`);
        if (q > 0 && j <= rowColumns[q - 1]) canonical = false;
        rowColumns[q] = j;
        rowValues[q] = v;
        const to = entryAt + written + q;
        indices[to] = j;
        values[to] = v;
        const stored = values[to];
        const magnitude = stored < 0 ? -stored : stored;
        // NaN and ±Infinity both fail `magnitude < Infinity`.
        if (!(magnitude < Infinity)) badValue(values, v, name, i, j, e);
        if (magnitude > largest) largest = magnitude;
      }
      let stored = length;
      if (!canonical) {
        stored = sorter.canonical(rowColumns, rowValues, length);
        for (let q = 0; q < stored; q++) {
          const to = entryAt + written + q;
          indices[to] = rowColumns[q];
          values[to] = rowValues[q];
          const magnitude = Math.abs(values[to]);
          if (!(magnitude < Infinity)) {
            fail("NON_FINITE", `${name} row ${i}, column ${rowColumns[q]}: its repeated entries sum to ${values[to]}${values instanceof Float32Array && Number.isFinite(rowValues[q]) ? " in float32" : ""}`);
          }
          if (magnitude > largest) largest = magnitude;
        }
      }
      written += stored;
      indptr[at + i - start + 1] = written;
    }
    return largest;
  };
}

function badValue(dest: Destination, v: number, name: string, row: number, col: number, e: number): never {
  if (Number.isFinite(v) && dest instanceof Float32Array) {
    return fail("NON_FINITE", `${name} row ${row}, column ${col} (data[${e}]) is ${v}, beyond the float32 range (dtype "float32" stores X in float32)`);
  }
  return fail("NON_FINITE", `${name} row ${row}, column ${col} (data[${e}]) is ${v}`);
}
