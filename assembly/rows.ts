// The per-row work between the two matrix products, shared by the f64 and f32
// kernels (it is f64 in both): cross-entropy and residuals after the softmax,
// and the softmax-Jacobian residuals of the Hessian-vector product. Rows of the
// tile arrays have a padded stride of KP = paddedK(K) doubles; when K is odd the
// pad slot of a residual row is set to 0, which the f32 pair conversion needs.

import { copyDoubles } from "./simd";

/**
 * For the `rows` rows of a tile starting at data row t0, with logits Z,
 * probabilities P and log-sum-exps LSE: returns `loss` + Σ w·CE over the rows,
 * adding in row order. If `residuals`, R receives w (p − y). If `probOut`, the
 * probabilities are copied to probOut (n×K). With `inverseSums` (the softmax's
 * 1/S per row, softmax.ts with wantP false), P holds the unnormalised e^(z − m)
 * and is normalised here, p = e·(1/S) as the softmax would (the same bits),
 * in the same sweep as the hard-label residuals.
 */
// @ts-ignore: decorator
@inline export function lossResidualRows(
  loss: f64, Z: usize, P: usize, LSE: usize, R: usize, kpb: usize, rows: i32, t0: i32, K: i32,
  y: usize, soft: i32, w: usize, residuals: bool, probOut: usize, inverseSums: usize = 0
): f64 {
  let kb = <usize>K << 3;
  for (let t = 0; t < rows; t++) {
    let row = <usize>(t0 + t);
    let zr = Z + <usize>t * kpb;
    let pr = P + <usize>t * kpb;
    let rr = R + <usize>t * kpb;
    let lse = load<f64>(LSE + (<usize>t << 3));
    let wt = load<f64>(w + (row << 3));
    let ce = 0.0;
    let normalised = false;
    if (inverseSums && (soft || !residuals)) {
      let inv = v128.load64_splat(inverseSums + (<usize>t << 3));
      for (let o: usize = 0; o < kpb; o += 16) v128.store(pr + o, f64x2.mul(v128.load(pr + o), inv));
      normalised = true;
    }
    if (soft) {
      let yr = y + row * kb;
      for (let o: usize = 0; o < kb; o += 8) {
        let yk = load<f64>(yr + o);
        ce += yk * (lse - load<f64>(zr + o));
        if (residuals) store<f64>(rr + o, wt * (load<f64>(pr + o) - yk));
      }
      if (residuals && (K & 1)) store<f64>(rr + kb, 0.0);
    } else {
      let c = <usize>load<i32>(y + (row << 2)) << 3;
      ce = lse - load<f64>(zr + c);
      if (residuals) {
        let wv = f64x2.splat(wt);
        if (inverseSums && !normalised) {
          let inv = v128.load64_splat(inverseSums + (<usize>t << 3));
          for (let o: usize = 0; o < kpb; o += 16) {
            let p = f64x2.mul(v128.load(pr + o), inv);
            v128.store(pr + o, p);
            v128.store(rr + o, f64x2.mul(wv, p));
          }
        } else {
          for (let o: usize = 0; o < kpb; o += 16) v128.store(rr + o, f64x2.mul(wv, v128.load(pr + o)));
        }
        store<f64>(rr + c, wt * (load<f64>(pr + c) - 1.0));
      }
    }
    loss += wt * ce;
    if (probOut) copyDoubles(probOut + row * kb, pr, kb);
  }
  return loss;
}

/**
 * Hessian-vector residuals for a tile: with u = V x̂ in U and the cached
 * probabilities p (n×K) from data row t0 on, R receives w p_k (u_k − p·u).
 */
// @ts-ignore: decorator
@inline export function jacobianRows(U: usize, R: usize, kpb: usize, rows: i32, t0: i32, K: i32, p: usize, w: usize): void {
  let kb = <usize>K << 3;
  for (let t = 0; t < rows; t++) {
    let row = <usize>(t0 + t);
    let ur = U + <usize>t * kpb;
    let rr = R + <usize>t * kpb;
    let pr = p + row * kb;
    let wt = load<f64>(w + (row << 3));
    let pu = 0.0;
    for (let o: usize = 0; o < kb; o += 8) pu += load<f64>(pr + o) * load<f64>(ur + o);
    for (let o: usize = 0; o < kb; o += 8) {
      store<f64>(rr + o, wt * load<f64>(pr + o) * (load<f64>(ur + o) - pu));
    }
    if (K & 1) store<f64>(rr + kb, 0.0);
  }
}
