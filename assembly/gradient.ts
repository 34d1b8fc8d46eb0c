// Fused loss and gradient: one pass over row tiles doing
//   logits → softmax → cross-entropy and residual → G += Rᵀ X̂_tile
// while the tile is in cache, so no N×K array exists (besides the optional
// probability output the Newton solver reuses for the Hessian).

import { TILE, paddedK, tileArray, rowArray, sinkPtr, zeroDoubles } from "./tile";
import { logitsTile } from "./logits";
import { softmaxTile } from "./softmax";
import { accumulateOuter } from "./accumulate";

/**
 * Σ_n w_n·CE_n; optionally grad (K×s, overwritten) = Σ_n w_n (p_n − y_n) ⊗ x̂_n
 * and probOut (n×K) = p. See index.ts for the argument layout.
 */
export function lossGradient(
  x: usize, n: i32, s: i32, K: i32, theta: usize,
  y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize
): f64 {
  let sb = <usize>s << 3;
  let kb = <usize>K << 3;
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
    logitsTile(xt, rows, s, K, theta, Z, paddedK(K), n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    for (let t = 0; t < rows; t++) {
      let row = <usize>(t0 + t);
      let zr = Z + <usize>t * kpb;
      let pr = P + <usize>t * kpb;
      let rr = R + <usize>t * kpb;
      let lse = load<f64>(LSE + (<usize>t << 3));
      let wt = load<f64>(w + (row << 3));
      let ce = 0.0;
      if (soft) {
        let yr = y + row * kb;
        for (let o: usize = 0; o < kb; o += 8) {
          let yk = load<f64>(yr + o);
          ce += yk * (lse - load<f64>(zr + o));
          if (grad) store<f64>(rr + o, wt * (load<f64>(pr + o) - yk));
        }
      } else {
        let c = <usize>load<i32>(y + (row << 2)) << 3;
        ce = lse - load<f64>(zr + c);
        if (grad) {
          let wv = f64x2.splat(wt);
          for (let o: usize = 0; o < kpb; o += 16) v128.store(rr + o, f64x2.mul(wv, v128.load(pr + o)));
          store<f64>(rr + c, wt * (load<f64>(pr + c) - 1.0));
        }
      }
      loss += wt * ce;
      if (probOut) {
        let po = probOut + row * kb;
        for (let o: usize = 0; o < kb; o += 8) store<f64>(po + o, load<f64>(pr + o));
      }
    }
    if (grad) accumulateOuter(grad, K, s, R, paddedK(K), xt, rows);
  }
  return loss;
}
