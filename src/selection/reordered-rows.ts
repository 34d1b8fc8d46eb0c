/**
 * The caller's X with its rows in a cross-validation's layout order (fold-rows.ts), dense or
 * CSR: row p of the layout is row order[p] of X. The first n rows of the layout are a
 * permutation of X's rows and are read from the caller (each once, checked as it is copied,
 * errors naming the caller's row); any later row repeats one of them and is copied from
 * what is already in the destination, so the caller's X is read exactly once.
 */
import type { CsrSource } from "../input/csr-matrix.js";
import type { MatrixSource } from "../input/matrix.js";

/** A dense source in layout order. */
export function reorderedRows(source: MatrixSource, order: Int32Array, n: number): MatrixSource {
  return {
    rows: order.length,
    cols: source.cols,
    ...(source.names ? { names: source.names } : {}),
    copyRows(start, count, dest, offset, stride) {
      let largest = 0;
      for (let p = start; p < start + count; p++) {
        const to = offset + (p - start) * stride;
        if (p < n) largest = Math.max(largest, source.copyRows(order[p], 1, dest, to, stride));
        else dest.copyWithin(to, offset + (p - n - start) * stride, offset + (p - n - start) * stride + source.cols);
      }
      return largest;
    },
  };
}

/**
 * A CSR source in layout order. Its rows after the first n repeat layout rows 0, 1, … (the
 * layout repeats its first blocks), so they are one copy of a leading range of the entries
 * already stored, their offsets shifted. Copied whole only (ResidentCsr copies all rows at once).
 */
export function reorderedCsr(source: CsrSource, order: Int32Array, n: number): CsrSource {
  const rows = order.length;
  for (let p = n; p < rows; p++) if (order[p] !== order[p - n]) throw new Error("internal: a repeated layout row must repeat row p − n");
  let entries = 0;
  for (let p = 0; p < rows; p++) entries += source.entries(order[p], 1);
  return {
    kind: "csr",
    rows,
    cols: source.cols,
    entries: (start, count) => {
      if (start !== 0 || count !== rows) throw new Error("internal: a reordered CSR source is copied whole");
      return entries;
    },
    copyRows(start, count, indptr, at, indices, values, entryAt) {
      if (start !== 0 || count !== rows) throw new Error("internal: a reordered CSR source is copied whole");
      let largest = 0;
      let written = 0;
      for (let p = 0; p < n; p++) {
        // The source writes this row's offsets from 0 at indptr[at + p]: put the running count back.
        largest = Math.max(largest, source.copyRows(order[p], 1, indptr, at + p, indices, values, entryAt + written));
        const stored = indptr[at + p + 1];
        indptr[at + p] = written;
        written += stored;
        indptr[at + p + 1] = written;
      }
      const repeated = indptr[at + rows - n];
      indices.copyWithin(entryAt + written, entryAt, entryAt + repeated);
      values.copyWithin(entryAt + written, entryAt, entryAt + repeated);
      for (let p = n; p < rows; p++) indptr[at + p + 1] = written + indptr[at + p + 1 - n];
      return largest;
    },
  };
}
