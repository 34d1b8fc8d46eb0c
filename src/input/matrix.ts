/**
 * X as the library holds it: a flat, checked, row-major matrix. The caller's X may come in
 * several container kinds; each has its reader (one file each), and toMatrix dispatches to
 * the first that recognises the container. A new kind (records, columns, CSR) is one more
 * reader here. Nothing downstream looks at the caller's container.
 */
import { fail } from "../util/errors.js";
import { describe } from "./checks.js";
import { flatMatrix } from "./flat-matrix.js";
import { records } from "./records.js";
import { rowArrays } from "./row-arrays.js";

/** A row-major matrix. `data` may be the caller's own array: treat it as read-only. */
export interface Matrix {
  /** rows × cols values, row-major. */
  data: Float64Array | Float32Array;
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  cols: number;
  /** The feature names, when X came as records (their keys). */
  names?: string[];
}

/**
 * Accepted matrix inputs: an array of rows, a flat row-major array with its shape, or an
 * array of records (plain objects keyed by feature name).
 */
export type MatrixInput =
  | ArrayLike<ArrayLike<number>>
  | { data: ArrayLike<number>; rows: number; cols: number }
  | readonly Readonly<Record<string, number>>[];

/** One container kind of X: whether it is this kind, and how to read it (validating every value once). */
export interface MatrixReader {
  accepts(X: unknown): boolean;
  /** `names`: the feature names the columns must follow (used by the records reader). */
  read(X: unknown, name: string, names?: readonly string[]): Matrix;
}

/** In order: the first reader that accepts X reads it (records before rows: both are arrays). */
const READERS: readonly MatrixReader[] = [flatMatrix, records, rowArrays];

/** Whether X is one of the accepted matrix containers (soft targets come as one). */
export function isMatrixInput(X: unknown): boolean {
  return READERS.some((r) => r.accepts(X));
}

/**
 * Validate X and return it as a flat matrix; `expectedCols` checks the feature count against a
 * fitted model, `names` orders the columns of records.
 */
export function toMatrix(X: unknown, name = "X", expectedCols?: number, names?: readonly string[]): Matrix {
  const reader =
    READERS.find((r) => r.accepts(X)) ?? fail("INVALID_X", `${name} must be an array of rows, an array of records or { data, rows, cols }, got ${describe(X)}`);
  const m = reader.read(X, name, names);
  if (expectedCols !== undefined && m.cols !== expectedCols) {
    fail("FEATURE_MISMATCH", `${name} has ${m.cols} features (columns) but the model was fitted with ${expectedCols}`);
  }
  return m;
}
