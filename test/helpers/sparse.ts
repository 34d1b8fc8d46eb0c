// Random CSR matrices for the sparse tests, and their dense twins.
import { gaussian } from "./random.js";

export interface Csr {
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface CsrShape {
  rows: number;
  cols: number;
  /** Mean stored entries per row (rows get 0 .. 2·perRow). */
  perRow: number;
  /** Shuffle the columns within each row. */
  unsorted?: boolean;
  /** Store one column of some rows twice (the entries are summed, as scipy does). */
  duplicates?: boolean;
}

/** A random CSR matrix: Gaussian values, some empty rows, columns distinct unless `duplicates`. */
export function randomCsr(random: () => number, shape: CsrShape): Csr {
  const { rows, cols, perRow } = shape;
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    const count = Math.min(cols, Math.floor(random() * (2 * perRow + 1)));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(Math.floor(random() * cols));
    const row = [...chosen].sort((a, b) => a - b);
    if (shape.unsorted) row.sort(() => random() - 0.5);
    if (shape.duplicates && row.length > 0 && random() < 0.3) row.push(row[0]);
    for (const j of row) {
      indices.push(j);
      data.push(gaussian(random));
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), data: Float64Array.from(data), rows, cols };
}

/** The dense row-major matrix of a CSR matrix (repeated columns summed). */
export function densify(X: Csr): Float64Array {
  const out = new Float64Array(X.rows * X.cols);
  for (let i = 0; i < X.rows; i++) {
    for (let e = X.indptr[i]; e < X.indptr[i + 1]; e++) out[i * X.cols + X.indices[e]] += X.data[e];
  }
  return out;
}

/** The same matrix as rows of numbers. */
export function denseRows(X: Csr): number[][] {
  const flat = densify(X);
  return Array.from({ length: X.rows }, (_, i) => Array.from(flat.subarray(i * X.cols, (i + 1) * X.cols)));
}

/** The CSR form of dense rows (zeros dropped), with columns ascending. */
export function toCsr(rows: ArrayLike<ArrayLike<number>>): Csr {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const cols = rows[0].length;
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < cols; j++) {
      if (rows[i][j] !== 0) {
        indices.push(j);
        data.push(rows[i][j]);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), data: Float64Array.from(data), rows: rows.length, cols };
}

/**
 * A random sparse problem: CSR features and labels from a noisy softmax model on them
 * (so the classes overlap and unpenalised optima stay finite for n large enough).
 */
export function sparseProblem(random: () => number, shape: CsrShape & { K: number }): { X: Csr; y: number[] } {
  const X = randomCsr(random, shape);
  const W = Array.from({ length: shape.K }, () => Array.from({ length: shape.cols }, () => gaussian(random)));
  const y: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    const z = W.map((w) => {
      let s = 2 * gaussian(random);
      for (let e = X.indptr[i]; e < X.indptr[i + 1]; e++) s += w[X.indices[e]] * X.data[e];
      return s;
    });
    y.push(i < shape.K ? i : z.indexOf(Math.max(...z)));
  }
  return { X, y };
}
