// Fused loss and gradient: one pass over row tiles doing
//   logits → softmax → cross-entropy and residual → G += Rᵀ X̂_tile
// while the tile is in cache, so no N×K array exists (besides the optional probability output
// the Newton solver reuses for the Hessian). X̂ has element type T; everything between the two
// matrix products (softmax, log-sum-exp, cross-entropy, residuals, the loss sum) is f64 for both.

import { tileRows, paddedK, tileArray, residualCopy, rowArray, expTablePtr } from "./layout";
import { classPanels, logitsTile } from "./logits";
import { lossSoftmaxTile, ROW_PAIRS_BELOW } from "./softmax";
import { accumulateResiduals } from "./outer";
import { lossResidualRows } from "./rows";
import { centreClasses } from "./invariance";
import { zeroDoubles } from "./simd";

/**
 * Σ_n w_n·CE_n; optionally grad (K×s f64, overwritten) = Σ_n w_n (p_n − y_n) ⊗ x̂_n and
 * probOut (n×K f64) = p. x is n×s in T; see index.ts for the argument layout. The f32 gradient
 * is class-centred (invariance.ts).
 */
// @ts-ignore: decorator
@inline export function lossGradientOf<T>(
  x: usize, n: i32, s: i32, K: i32, theta: usize,
  y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize
): f64 {
  let sb = <usize>s * sizeof<T>();
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let Z = tileArray<T>(scratch, K, s, 0);
  let P = tileArray<T>(scratch, K, s, 1);
  let R = tileArray<T>(scratch, K, s, 2);
  let R32 = residualCopy<T>(scratch, K, s);
  let LSE = rowArray<T>(scratch, K, s, 0);
  let SUMS = rowArray<T>(scratch, K, s, 1);
  let TH = classPanels<T>(theta, scratch, K, s);
  if (grad) zeroDoubles(grad, <usize>K * <usize>s);
  let loss = 0.0;
  for (let t0 = 0; t0 < n; t0 += tileRows<T>()) {
    let rows = min(tileRows<T>(), n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<T>(xt, rows, s, K, TH, Z, KP);
    // From ROW_PAIRS_BELOW classes on, the softmax leaves e^(z − m) and 1/S, and the residual
    // sweep normalises (one pass over P fewer; the same bits).
    let fused = K >= ROW_PAIRS_BELOW;
    lossSoftmaxTile(Z, rows, K, P, kpb, LSE, SUMS, expTablePtr(scratch), !fused, true);
    loss = lossResidualRows(loss, Z, P, LSE, R, kpb, rows, t0, K, y, soft, w, grad != 0, probOut, fused ? SUMS : 0);
    if (grad) accumulateResiduals<T>(grad, K, s, R, R32, KP, xt, rows);
  }
  if (sizeof<T>() == 4 && grad) centreClasses(grad, K, s);
  return loss;
}
