/**
 * X as the library holds it: a flat, checked, row-major matrix. The caller's X may come in
 * several container kinds; each has its reader (one file each), and toMatrix dispatches to
 * the first that recognises the container. A new kind (records, columns, CSR) is one more
 * reader here. Nothing downstream looks at the caller's container.
 */
import { fail } from "../util/errors.js";
import { describe } from "./checks.js";
import { flatMatrix } from "./flat-matrix.js";
import { rowArrays } from "./row-arrays.js";
import { isCsrInput, readCsr, type CsrInput, type SparseMatrix } from "./csr-matrix.js";

export type { CsrInput, SparseMatrix };

/** A row-major matrix. `data` may be the caller's own array: treat it as read-only. */
export interface Matrix {
  /** rows × cols values, row-major. */
  data: Float64Array | Float32Array;
  /** Number of rows (samples). */
  rows: number;
  /** Number of columns (features). */
  cols: number;
}

/** Accepted matrix inputs: an array of rows, a flat row-major array with its shape, or CSR (csr-matrix.ts). */
export type MatrixInput =
  | ArrayLike<ArrayLike<number>>
  | { data: ArrayLike<number>; rows: number; cols: number }
  | CsrInput;

/** X as the kernels will hold it: dense rows, or CSR. */
export type Design = Matrix | SparseMatrix;

/** Whether a design is CSR. */
export function isSparse(X: Design): X is SparseMatrix {
  return (X as Partial<SparseMatrix>).kind === "csr";
}

/** Validate X in any accepted container, keeping CSR sparse; `expectedCols` as for toMatrix. */
export function toDesign(X: unknown, name = "X", expectedCols?: number): Design {
  if (!isCsrInput(X)) return toMatrix(X, name, expectedCols);
  const csr = readCsr(X, name);
  if (expectedCols !== undefined && csr.cols !== expectedCols) featureMismatch(name, csr.cols, expectedCols);
  return csr;
}

/** One container kind of X: whether it is this kind, and how to read it (validating every value once). */
export interface MatrixReader {
  accepts(X: unknown): boolean;
  read(X: unknown, name: string): Matrix;
}

/** In order: the first reader that accepts X reads it. */
const READERS: readonly MatrixReader[] = [flatMatrix, rowArrays];

/** Whether X is one of the accepted matrix containers (soft targets come as one). */
export function isMatrixInput(X: unknown): boolean {
  return READERS.some((r) => r.accepts(X));
}

/** Validate X and return it as a flat matrix; `expectedCols` checks the feature count against a fitted model. */
export function toMatrix(X: unknown, name = "X", expectedCols?: number): Matrix {
  if (isCsrInput(X)) fail("INVALID_X", `${name} is a CSR matrix ({ indptr, indices, data }), which is not accepted here; pass it dense`);
  const reader = READERS.find((r) => r.accepts(X)) ?? fail("INVALID_X", `${name} must be an array of rows or { data, rows, cols }, got ${describe(X)}`);
  const m = reader.read(X, name);
  if (expectedCols !== undefined && m.cols !== expectedCols) featureMismatch(name, m.cols, expectedCols);
  return m;
}

function featureMismatch(name: string, cols: number, expected: number): never {
  return fail("FEATURE_MISMATCH", `${name} has ${cols} features (columns) but the model was fitted with ${expected}`);
}
