/**
 * X as the library reads it. The caller's X may come in several container kinds; each has
 * its reader (one file each), and matrixSource dispatches to the first that recognises the
 * container. A reader first reads the shape (each field of the container once), which is
 * enough to check the feature count and the size before any value is touched; the values
 * are then copied straight into their destination (kernel memory, usually) and checked as
 * they are copied, synchronously, so that what is checked is exactly what is used. A new
 * kind (records, columns, CSR) is one more reader here. Nothing downstream looks at the
 * caller's container.
 */
import { fail } from "../util/errors.js";
import { describe, isBigIntArray, typedLength } from "./checks.js";
import { flatMatrix } from "./flat-matrix.js";
import { rowArrays } from "./row-arrays.js";
import { csrSource, isCsrInput, type CsrInput, type CsrSource } from "./csr-matrix.js";
import type { NameList } from "./feature-names.js";

export type { CsrInput, CsrSource };
export type { SparseMatrix } from "./csr-matrix.js";

/** A row-major matrix, checked and owned by the library. */
export interface Matrix {
  /** rows × cols values, row-major. */
  data: Float64Array | Float32Array;
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  cols: number;
}

/**
 * Accepted matrix inputs: an array of rows, a flat row-major array with its shape, an
 * array of records (plain objects keyed by feature name), or CSR (csr-matrix.ts).
 */
export type MatrixInput =
  | ArrayLike<ArrayLike<number>>
  | { data: ArrayLike<number>; rows: number; cols: number }
  | readonly Readonly<Record<string, number>>[]
  | CsrInput;

/** Where copied values go: a Float64Array or Float32Array (a view of kernel memory, usually). */
export type Destination = Float64Array | Float32Array;

/**
 * The caller's matrix with its shape read and its values not yet: `copyRows` copies them,
 * checking each one as it is read. Copy every row at most once (getters and proxies are read
 * once), and in the same synchronous call that opened the source.
 */
export interface MatrixSource {
  readonly rows: number;
  readonly cols: number;
  /** The feature names, when X came as records (their keys, in column order). */
  readonly names?: readonly string[];
  /**
   * Copy rows [start, start + count) into `dest`, row r of them at offset + (r − start)·stride,
   * rejecting non-numbers (INVALID_X) and values that are not finite once stored (NON_FINITE,
   * also a finite value beyond the float32 range of a Float32Array destination). Returns the
   * largest |value| copied.
   */
  copyRows(start: number, count: number, dest: Destination, offset: number, stride: number): number;
  /**
   * A typed array the values are read from, when the reader already holds one (a flat
   * matrix's data; a row-array's row 0): a prediction whose `out` shares its buffer must not
   * write there while rows are still to be read (Predictor stages its output then).
   */
  readonly storage?: ArrayBufferView;
}

/** One container kind of X: whether it is this kind, and how to open it (reading its shape once). */
export interface MatrixReader {
  accepts(X: unknown): boolean;
  /** `names`: the feature names the columns must follow (records; a fitted model's names). */
  open(X: unknown, name: string, names?: NameList): MatrixSource;
}

/** In order: the first reader that accepts X reads it (arrays of records go through rowArrays, which sees row 0). */
const READERS: readonly MatrixReader[] = [flatMatrix, rowArrays];

/** Whether X is one of the accepted matrix containers (soft targets come as one). */
export function isMatrixInput(X: unknown): boolean {
  return READERS.some((r) => r.accepts(X));
}

/**
 * Open X: read and check its shape; `expectedCols` checks the feature count against a fitted
 * model, `names` orders the columns of records.
 */
export function matrixSource(X: unknown, name = "X", expectedCols?: number, names?: NameList): MatrixSource {
  if (isCsrInput(X)) fail("INVALID_X", `${name} is a CSR matrix ({ indptr, indices, data }), which is not accepted here; pass it dense`);
  const reader =
    READERS.find((r) => r.accepts(X)) ?? fail("INVALID_X", `${name} must be an array of rows, an array of records or { data, rows, cols }, got ${describe(X)}`);
  const source = reader.open(X, name, names);
  if (expectedCols !== undefined && source.cols !== expectedCols) {
    fail("FEATURE_MISMATCH", `${name} has ${source.cols} features (columns) but the model was fitted with ${expectedCols}`);
  }
  return source;
}

/** Open X in any accepted container, dense or CSR (csr-matrix.ts); `expectedCols` and `names` as for matrixSource. */
export function designSource(X: unknown, name = "X", expectedCols?: number, names?: NameList): MatrixSource | CsrSource {
  if (!isCsrInput(X)) return matrixSource(X, name, expectedCols, names);
  const source = csrSource(X, name);
  if (expectedCols !== undefined && source.cols !== expectedCols) {
    fail("FEATURE_MISMATCH", `${name} has ${source.cols} features (columns) but the model was fitted with ${expectedCols}`);
  }
  return source;
}

/** The most values readAll copies into one Float64Array (the bound of the prediction outputs too). */
const MAX_COPY = 2 ** 31 - 1;

/** Read X into a checked Float64Array of its own (for inputs that are small or must be kept, like soft targets). */
export function toMatrix(X: unknown, name = "X", expectedCols?: number, names?: NameList): Matrix {
  const source = matrixSource(X, name, expectedCols, names);
  return readAll(source);
}

/** Copy a whole source into a new row-major Float64Array. */
export function readAll(source: MatrixSource): Matrix {
  const { rows, cols } = source;
  // From the shape, before the allocation would fail with a raw RangeError.
  if (rows * cols > MAX_COPY) fail("TOO_LARGE", `X is ${rows} × ${cols} = ${rows * cols} values, more than one Float64Array copy holds here (${MAX_COPY}, 2³¹ − 1): pass it in batches of rows`);
  const data = new Float64Array(rows * cols);
  source.copyRows(0, rows, data, 0, cols);
  return { data, rows, cols };
}

/** A source over a matrix the library already holds and has checked (for readers that build one). */
export function sourceOf(m: Matrix): MatrixSource {
  return {
    rows: m.rows,
    cols: m.cols,
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      for (let r = 0; r < count; r++) {
        const from = (start + r) * m.cols;
        const to = offset + r * stride;
        dest.set(m.data.subarray(from, from + m.cols), to);
        for (let j = 0; j < m.cols; j++) largest = checkStored(dest, to + j, m.data[from + j], largest, "X", start + r, j);
      }
      return largest;
    },
  };
}

/**
 * Check value `v` of row `row`, column `col` as stored at dest[at]: a number, and finite once
 * stored (a Float32Array rounds 1e300 to Infinity). Returns max(largest, |stored|).
 */
export function checkStored(dest: Destination, at: number, v: unknown, largest: number, name: string, row: number, col: number): number {
  const stored = dest[at];
  const magnitude = stored < 0 ? -stored : stored;
  // One comparison on the fast path: NaN and ±Infinity both fail `magnitude < Infinity`.
  if (magnitude < Infinity) return magnitude > largest ? magnitude : largest;
  return badValue(dest, v, name, row, col);
}

function badValue(dest: Destination, v: unknown, name: string, row: number, col: number): never {
  if (typeof v !== "number") return fail("INVALID_X", `${name} row ${row}, column ${col} is ${describe(v)}, not a number`);
  if (Number.isFinite(v) && dest instanceof Float32Array) {
    return fail("NON_FINITE", `${name} row ${row}, column ${col} is ${v}, beyond the float32 range (dtype "float32" stores X in float32)`);
  }
  return fail("NON_FINITE", `${name} row ${row}, column ${col} is ${v}`);
}

/**
 * Copy `count` numbers of a typed array (no getters: each element is read by the copy alone)
 * from `from` to dest[to…], then check what was stored; returns max(largest, |stored|).
 * `set` converts f32 ↔ f64 exactly as element assignment does, and is several times faster.
 */
export function copyTyped(values: ArrayBufferView, from: number, count: number, dest: Destination, to: number, largest: number, name: string, row: number): number {
  // A typed array shrunk or detached since X was opened (by a getter of the caller's that ran
  // between the shape check and the copy: a label's, a weight's) no longer holds the values its
  // length promised: subarray would clamp (copying fewer, leaving the rest of the row as it
  // was) or throw a raw TypeError (detached).
  // The intrinsic length, as for subarray below: an own `length` on the caller's array could lie.
  const held = typedLength(values);
  if (held < from + count) {
    fail("INVALID_X", `${name} row ${row}: its typed array holds ${held} values, not the ${from + count} its length promised when the call began (its buffer was shrunk or detached during the call, or an own length property lies)`);
  }
  // The intrinsic subarray: an own `subarray` on the caller's array is not called.
  dest.set(subarray.call(values, from, from + count) as unknown as ArrayLike<number>, to);
  // Math.max and Math.abs compile to branch-free instructions (5× faster here than compares
  // on random data), and Math.max propagates NaN, as Math.abs does ±Infinity: a result that
  // is not below Infinity means a bad value was stored, which the second loop then finds.
  let m = largest;
  for (let j = 0; j < count; j++) m = Math.max(m, Math.abs(dest[to + j]));
  if (m < Infinity) return m;
  for (let j = 0; j < count; j++) {
    if (!(Math.abs(dest[to + j]) < Infinity)) badValue(dest, (values as unknown as ArrayLike<number>)[from + j], name, row, j);
  }
  return m;
}

const subarray = (Object.getPrototypeOf(Int8Array.prototype) as { subarray: (a: number, b: number) => unknown }).subarray;


/** Typed arrays of numbers (not of bigints), copied with `set`. */
export function isNumberArray(v: unknown): v is ArrayBufferView {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !isBigIntArray(v);
}

/** Store v at dest[at] if it is a number (anything else becomes NaN there, which checkStored then reports). */
export function store(dest: Destination, at: number, v: unknown): void {
  dest[at] = typeof v === "number" ? v : NaN;
}
