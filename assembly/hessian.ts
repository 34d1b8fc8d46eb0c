// Block Hessian of the weighted cross-entropy: for each class pair k ≤ l the s×s block
// H_kl = X̂ᵀ diag(a_kl) X̂ with a_kl,n = w_n p_nk (δ_kl − p_nl), X̂ of element type T.
//
// Per row tile and class pair, the weights a_t are formed in f64 and the tile's weighted Gram
// matrix is added into the block's upper triangle (gram.ts). The f64 kernel sums all K(K+1)/2
// blocks over the rows; the f32 kernel sums only the K(K−1)/2 off-diagonal ones and assembles
// each diagonal block from them at the end (invariance.ts), which keeps H·(1 ⊗ c) = 0 exact
// despite the f32 tile sums.
//
// Flop count used in benchmarks: 2·n·(d+1)(d+2)/2·K(K+1)/2.

import { hessianTileRows, hessianWeights } from "./layout";
import { weightedGramUpper } from "./gram";
import { diagonalFromOffDiagonal } from "./invariance";
import { zeroDoubles } from "./simd";

/**
 * For every pair k ≤ l (block b in row-major upper-triangle order), block b at out + b·s·s
 * doubles is overwritten with Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ on and above its diagonal
 * (x n×s in T; p, w and out f64).
 */
// @ts-ignore: decorator
@inline export function hessianOf<T>(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  let sb = <usize>s * sizeof<T>();
  let kb = <usize>K << 3;
  let blockBytes = <usize>s * <usize>s << 3;
  let A = hessianWeights(scratch);
  let Y = A + (<usize>hessianTileRows<T>() << 3);
  zeroDoubles(out, (<usize>(K * (K + 1)) >> 1) * <usize>s * <usize>s);
  for (let t0 = 0; t0 < n; t0 += hessianTileRows<T>()) {
    let rows = min(hessianTileRows<T>(), n - t0);
    let xt = x + <usize>t0 * sb;
    let pt = p + <usize>t0 * kb;
    let wt = w + (<usize>t0 << 3);
    let ob = out;
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        if (sizeof<T>() == 4 && l == k) { ob += blockBytes; continue; } // assembled below
        let delta = k == l ? 1.0 : 0.0;
        let ko = <usize>k << 3, lo = <usize>l << 3;
        for (let t = 0; t < rows; t++) {
          let pr = pt + <usize>t * kb;
          let wpk = load<f64>(wt + (<usize>t << 3)) * load<f64>(pr + ko);
          store<f64>(A + (<usize>t << 3), wpk * (delta - load<f64>(pr + lo)));
        }
        weightedGramUpper<T>(ob, s, A, Y, xt, rows);
        ob += blockBytes;
      }
    }
  }
  if (sizeof<T>() == 4) diagonalFromOffDiagonal(out, K, s);
}
