// Fused loss and gradient: one pass over row tiles doing
//   logits → softmax → cross-entropy and residual → G += Rᵀ X̂_tile
// while the tile is in cache, so no N×K array exists (besides the optional
// probability output the Newton solver reuses for the Hessian).

import { TILE, paddedK, tileArray, rowArray, sinkPtr, zeroDoubles } from "./tile";
import { logitsTile } from "./logits";
import { softmaxTile } from "./softmax";
import { accumulateOuter } from "./outer";
import { lossResidualRows } from "./rows";

/**
 * Σ_n w_n·CE_n; optionally grad (K×s, overwritten) = Σ_n w_n (p_n − y_n) ⊗ x̂_n
 * and probOut (n×K) = p. See index.ts for the argument layout.
 */
export function lossGradient(
  x: usize, n: i32, s: i32, K: i32, theta: usize,
  y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize
): f64 {
  let sb = <usize>s << 3;
  let kpb = <usize>paddedK(K) << 3;
  let Z = tileArray(scratch, K, 0);
  let P = tileArray(scratch, K, 1);
  let R = tileArray(scratch, K, 2);
  let LSE = rowArray(scratch, K, 0);
  let SUMS = rowArray(scratch, K, 1);
  if (grad) zeroDoubles(grad, <usize>K * <usize>s);
  let loss = 0.0;
  for (let t0 = 0; t0 < n; t0 += TILE) {
    let rows = min(TILE, n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<f64>(xt, rows, s, K, theta, Z, paddedK(K), n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    loss = lossResidualRows(loss, Z, P, LSE, R, kpb, rows, t0, K, y, soft, w, grad != 0, probOut);
    if (grad) accumulateOuter<f64>(grad, K, s, R, paddedK(K), xt, rows);
  }
  return loss;
}
