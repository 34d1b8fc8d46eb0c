// float32 versions of the fused loss/gradient, the probabilities and the
// Hessian-vector product: X̂ is f32, the two matrix products run in f32x4
// (logits.ts, outer.ts), and everything between them — softmax,
// log-sum-exp, cross-entropy, residuals, the loss sum — is the f64 code of
// the f64 kernels (softmax.ts and rows.ts, shared with them).

import { paddedK, sinkPtr, zeroDoubles } from "./tile";
import { TILE32, theta32Ptr, tileArray32, residuals32, rowArray32, demoteArray, demotePairs } from "./tile32";
import { logitsTile } from "./logits";
import { softmaxTile } from "./softmax";
import { accumulateOuter } from "./outer";
import { jacobianRows, lossResidualRows } from "./rows";

/**
 * g[k][j] −= (1/K)·Σ_l g[l][j] for every column j (f64, classes summed in
 * order). The exact gradient and Hessian-vector product have Σ_k g[k][j] = 0
 * (Σ_k (p_k − y_k) = 0, Σ_k p_k (u_k − p·u) = 0): softmax is invariant under
 * adding one vector to every class, so H is singular along that direction
 * and only the penalty (λ) pins θ there. The f32 tile sums leave an error of
 * order n·2⁻²⁴ in that direction which a solver would amplify by 1/λ; removing
 * the class mean projects it out and changes nothing else (in exact
 * arithmetic it subtracts 0).
 */
function centreClasses(g: usize, K: i32, s: i32): void {
  let sb = <usize>s << 3;
  let end = g + sb;
  let invK = 1.0 / <f64>K;
  for (let c = g; c < end; c += 16) {
    let sum = v128.load(c);
    for (let k = 1; k < K; k++) sum = f64x2.add(sum, v128.load(c + <usize>k * sb));
    let mean = f64x2.mul(sum, f64x2.splat(invK));
    for (let k = 0; k < K; k++) {
      let p = c + <usize>k * sb;
      v128.store(p, f64x2.sub(v128.load(p), mean));
    }
  }
}

/**
 * Σ_n w_n·CE_n; optionally grad (K×s f64, overwritten) = Σ_n w_n (p_n − y_n) ⊗ x̂_n
 * and probOut (n×K f64) = p. x is n×s f32; see index.ts for the layout.
 */
export function lossGradient32(
  x: usize, n: i32, s: i32, K: i32, theta: usize,
  y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize
): f64 {
  let sb = <usize>s << 2;
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let TH = theta32Ptr(scratch);
  let Z = tileArray32(scratch, K, s, 0);
  let P = tileArray32(scratch, K, s, 1);
  let R = tileArray32(scratch, K, s, 2);
  let R32 = residuals32(scratch, K, s);
  let LSE = rowArray32(scratch, K, s, 0);
  let SUMS = rowArray32(scratch, K, s, 1);
  demoteArray(theta, TH, <usize>K * <usize>s);
  if (grad) zeroDoubles(grad, <usize>K * <usize>s);
  let loss = 0.0;
  for (let t0 = 0; t0 < n; t0 += TILE32) {
    let rows = min(TILE32, n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<f32>(xt, rows, s, K, TH, Z, KP, n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    loss = lossResidualRows(loss, Z, P, LSE, R, kpb, rows, t0, K, y, soft, w, grad != 0, probOut);
    if (grad) {
      demotePairs(R, R32, <usize>rows * <usize>KP);
      accumulateOuter<f32>(grad, K, s, R32, KP, xt, rows);
    }
  }
  if (grad) centreClasses(grad, K, s);
  return loss;
}

/** out (n×K f64, row-major) = softmax(θ x̂_n), bit-identical to lossGradient32's p. */
export function probabilities32(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  let sb = <usize>s << 2;
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let TH = theta32Ptr(scratch);
  let Z = tileArray32(scratch, K, s, 0);
  let P = tileArray32(scratch, K, s, 1);
  let LSE = rowArray32(scratch, K, s, 0);
  let SUMS = rowArray32(scratch, K, s, 1);
  demoteArray(theta, TH, <usize>K * <usize>s);
  for (let t0 = 0; t0 < n; t0 += TILE32) {
    let rows = min(TILE32, n - t0);
    logitsTile<f32>(x + <usize>t0 * sb, rows, s, K, TH, Z, KP, n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    for (let t = 0; t < rows; t++) {
      let pr = P + <usize>t * kpb;
      let po = out + <usize>(t0 + t) * kb;
      for (let o: usize = 0; o < kb; o += 8) store<f64>(po + o, load<f64>(pr + o));
    }
  }
}

/** out (K×s f64, overwritten) = H v for the probabilities p (n×K f64); v is K×s f64. */
export function hessianVector32(
  x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, v: usize, out: usize, scratch: usize
): void {
  let sb = <usize>s << 2;
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let V32 = theta32Ptr(scratch);
  let U = tileArray32(scratch, K, s, 0);
  let R = tileArray32(scratch, K, s, 2);
  let R32 = residuals32(scratch, K, s);
  demoteArray(v, V32, <usize>K * <usize>s);
  zeroDoubles(out, <usize>K * <usize>s);
  for (let t0 = 0; t0 < n; t0 += TILE32) {
    let rows = min(TILE32, n - t0);
    let xt = x + <usize>t0 * sb;
    logitsTile<f32>(xt, rows, s, K, V32, U, KP, n - t0, sinkPtr(scratch));
    jacobianRows(U, R, kpb, rows, t0, K, p, w);
    demotePairs(R, R32, <usize>rows * <usize>KP);
    accumulateOuter<f32>(out, K, s, R32, KP, xt, rows);
  }
  centreClasses(out, K, s);
}
