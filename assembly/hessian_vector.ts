// Hessian-vector product without forming H (for Newton-CG):
//   u = V x̂,  r_k = w p_k (u_k − Σ_l p_l u_l),  out = Σ_n r_n ⊗ x̂_n,
// i.e. the softmax Jacobian diag(p) − p pᵀ applied to V x̂ — the same two
// matrix products as the gradient, with the logits and accumulation kernels
// reused.

import { TILE, paddedK, tileArray, sinkPtr, zeroDoubles } from "./tile";
import { logitsTile } from "./logits";
import { accumulateOuter } from "./outer";
import { jacobianRows } from "./rows";

/** out (K×s, overwritten) = H v for the probabilities p (n×K). */
export function hessianVector(
  x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, v: usize, out: usize, scratch: usize
): void {
  let sb = <usize>s << 3;
  let kb = <usize>K << 3;
  let kpb = <usize>paddedK(K) << 3;
  let U = tileArray(scratch, K, 0);
  let R = tileArray(scratch, K, 2);
  zeroDoubles(out, <usize>K * <usize>s);
  for (let t0 = 0; t0 < n; t0 += TILE) {
    let rows = min(TILE, n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<f64>(xt, rows, s, K, v, U, paddedK(K), n - t0, sinkPtr(scratch));
    jacobianRows(U, R, kpb, rows, t0, K, p, w);
    accumulateOuter<f64>(out, K, s, R, paddedK(K), xt, rows);
  }
}
