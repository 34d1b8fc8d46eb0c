/**
 * The standardisation's statistics (standardization.ts) of a CSR matrix in kernel memory,
 * from its stored entries only: the zeros a row does not store count as values, but are never
 * visited. Rows hold each column once there, so an entry is a row's value; the stored indices
 * are renumbered (resident-csr.ts), so each is mapped back to the caller's column.
 */
import type { ResidentCsr } from "./resident-csr.js";
import type { ColumnStatistics } from "./standardization.js";

/** CSR rows as heap views (valid until the next allocation). */
function views(csr: ResidentCsr) {
  const i32 = csr.backend.heap.i32;
  const indptr = i32.subarray(csr.indptr >>> 2, (csr.indptr >>> 2) + csr.n + 1);
  return { indptr, indices: i32.subarray(csr.indices >>> 2, (csr.indices >>> 2) + csr.nnz), values: csr.valueView(), columnOf: csr.columnOf };
}

/**
 * Weighted mean and population standard deviation of each column, as columnStatistics gives
 * them for the same matrix dense: Σ w(x − μ)² is the stored entries' terms plus μ² for each
 * weight of a row that stores nothing in the column.
 */
export function sparseColumnStatistics(csr: ResidentCsr, weights: Float64Array): ColumnStatistics {
  const { n, d } = csr;
  const { indptr, indices, values, columnOf } = views(csr);
  const sum = new Float64Array(d);
  // Σ w of the rows that store the column, how many such rows, and the smallest and largest stored value.
  const stored = new Float64Array(d);
  const count = new Int32Array(d);
  const low = new Float64Array(d).fill(Infinity);
  const high = new Float64Array(d).fill(-Infinity);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    total += w;
    counted++;
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = columnOf[indices[e]];
      const v = values[e];
      sum[j] += w * v;
      stored[j] += w;
      count[j]++;
      if (v < low[j]) low[j] = v;
      if (v > high[j]) high[j] = v;
    }
  }
  const constant = new Array<boolean>(d);
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    // Rows that store nothing hold 0 in the column.
    if (count[j] < counted) {
      low[j] = Math.min(low[j], 0);
      high[j] = Math.max(high[j], 0);
    }
    constant[j] = low[j] === high[j];
    mean[j] = constant[j] ? low[j] : sum[j] / total;
  }
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = columnOf[indices[e]];
      const c = values[e] - mean[j];
      variance[j] += w * c * c;
    }
  }
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    std[j] = constant[j] ? 0 : Math.sqrt((variance[j] + (total - stored[j]) * mean[j] * mean[j]) / total);
  }
  return { mean, std, constant };
}

/**
 * ½·Σ w‖x̃̂‖²/Σw of the rows standardised as (x − shift)/scale, with the intercept entry: a
 * row that stores nothing in column j contributes (shift_j/scale_j)², so each row starts from
 * the sum of those and corrects it at its stored entries.
 */
export function sparseHalfMeanSquaredNorm(csr: ResidentCsr, weights: Float64Array, intercept: boolean, shift: Float64Array, scale: Float64Array): number {
  const { indptr, indices, values, columnOf } = views(csr);
  let base = intercept ? 1 : 0;
  for (let j = 0; j < csr.d; j++) base += (shift[j] / scale[j]) ** 2;
  let total = 0;
  let sum = 0;
  for (let i = 0; i < csr.n; i++) {
    const w = weights[i];
    if (w === 0) continue;
    let sq = base;
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = columnOf[indices[e]];
      sq += ((values[e] - shift[j]) / scale[j]) ** 2 - (shift[j] / scale[j]) ** 2;
    }
    sum += w * sq;
    total += w;
  }
  return (0.5 * sum) / total;
}
