// Fused loss and gradient on CSR rows: per row tile, logits (logits.ts) → softmax →
// cross-entropy and residuals (the dense kernels' own softmax.ts and rows.ts, so the per-row
// arithmetic is shared) → G += x ⊗ r per non-zero (scatter.ts). The values are f64 or f32
// (valueBytes 8 or 4); everything else is f64. No N×K or N×d array is formed.

import { paddedK, tileArray, rowArray, expTablePtr } from "../layout";
import { softmaxTile } from "../softmax";
import { lossResidualRows } from "../rows";
import { logitsTile, logitsBeforeScatterTile, scatterTile, zeroRows, sparseTileRows } from "./values";

/**
 * Σ_n w_n·CE_n over the n CSR rows; grad ≠ 0: overwritten (m rows of KP at θ's stride) with
 * Σ_n w_n x̂_n ⊗ (p_n − y_n); probOut ≠ 0: receives p (n×K). See kernels.ts for the layout.
 */
export function sparseLossGradientOf(
  valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, theta: usize, stride: i32,
  y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize
): f64 {
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let Z = tileArray<f64>(scratch, K, 0, 0);
  let P = tileArray<f64>(scratch, K, 0, 1);
  let R = tileArray<f64>(scratch, K, 0, 2);
  let LSE = rowArray<f64>(scratch, K, 0, 0);
  let SUMS = rowArray<f64>(scratch, K, 0, 1);
  let rowBytes = <usize>stride << 3;
  if (grad) zeroRows(grad, m, KP, rowBytes);
  let loss = 0.0;
  for (let t0 = 0; t0 < n; t0 += sparseTileRows()) {
    let rows = min(sparseTileRows(), n - t0);
    let ip = indptr + (<usize>t0 << 2);
    if (grad) logitsBeforeScatterTile(valueBytes, ip, indices, values, rows, kpb, theta, rowBytes, Z, grad, scratch);
    else logitsTile(valueBytes, ip, indices, values, rows, kpb, theta, rowBytes, Z);
    softmaxTile(Z, rows, K, P, kpb, LSE, SUMS, expTablePtr(scratch), true, true);
    loss = lossResidualRows(loss, Z, P, LSE, R, kpb, rows, t0, K, y, soft, w, grad != 0, probOut);
    if (grad) scatterTile(valueBytes, ip, indices, values, rows, kpb, R, grad, rowBytes);
  }
  return loss;
}
