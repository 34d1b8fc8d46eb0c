// Hessian-vector product without forming H (for Newton-CG):
//   u = V x̂,  r_k = w p_k (u_k − Σ_l p_l u_l),  out = Σ_n r_n ⊗ x̂_n,
// i.e. the softmax Jacobian diag(p) − p pᵀ applied to V x̂ — the same two matrix products as
// the gradient, with the logits and accumulation kernels reused.

import { tileRows, paddedK, tileArray, residualCopy } from "./layout";
import { classPanels, logitsTile } from "./logits";
import { accumulateResiduals } from "./outer";
import { jacobianRows } from "./rows";
import { centreClasses } from "./invariance";
import { zeroDoubles } from "./simd";

/**
 * out (K×s f64, overwritten) = H v for the probabilities p (n×K f64) and weights w; x is n×s
 * in T, v K×s f64. The f32 product is class-centred (invariance.ts).
 */
// @ts-ignore: decorator
@inline export function hessianVectorOf<T>(
  x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, v: usize, out: usize, scratch: usize
): void {
  let sb = <usize>s * sizeof<T>();
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let U = tileArray<T>(scratch, K, s, 0);
  let R = tileArray<T>(scratch, K, s, 2);
  let R32 = residualCopy<T>(scratch, K, s);
  let V = classPanels<T>(v, scratch, K, s);
  zeroDoubles(out, <usize>K * <usize>s);
  for (let t0 = 0; t0 < n; t0 += tileRows<T>()) {
    let rows = min(tileRows<T>(), n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<T>(xt, rows, s, K, V, U, KP);
    jacobianRows(U, R, kpb, rows, t0, K, p, w);
    accumulateResiduals<T>(out, K, s, R, R32, KP, xt, rows);
  }
  if (sizeof<T>() == 4) centreClasses(out, K, s);
}
