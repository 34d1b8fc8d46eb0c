// float32 block Hessian: X̂ is f32, the blocks H_kl = X̂ᵀ diag(a_kl) X̂ are f64
// (same layout and upper-triangle contract as hessian.ts).
//
// Per row tile (HTILE32 rows) and class pair k < l, a_t = −w_t p_tk p_tl is formed in f64
// as in hessian.ts and the tile's weighted Gram matrix, summed in f32 over the tile's rows, is
// added to the f64 block (gram.ts). The diagonal blocks are assembled from the off-diagonal
// ones at the end (see hessian32), so the kernel sums K(K−1)/2 Gram blocks where hessian sums
// K(K+1)/2.

import { zeroDoubles } from "./tile";
import { HTILE32, hessianWeights32 } from "./tile32";
import { weightedGramUpper } from "./gram";

/**
 * For every pair k ≤ l (block b in row-major upper-triangle order), block b at
 * out + b·s·s doubles is overwritten with Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ
 * on and above its diagonal (x̂ f32, p, w and out f64).
 *
 * Only the K(K−1)/2 off-diagonal blocks are summed over the rows; each
 * diagonal block is then formed as H_kk = −Σ_{l≠k} H_kl (l ascending, f64),
 * which is the same matrix because p_k (1 − p_k) = Σ_{l≠k} p_k p_l. This
 * writes H as the "Laplacian" Σ_{k<l} (e_k − e_l)(e_k − e_l)ᵀ ⊗ A_kl with
 * A_kl = Σ_n w p_k p_l x̂x̂ᵀ, so H·(1 ⊗ c) = 0 holds up to f64 rounding of the
 * block sums, as it does exactly: the f32 rounding of the tile sums cannot
 * make H + λI indefinite along the directions softmax is invariant to (where
 * only λ pins θ), and H stays positive semidefinite whenever the A_kl are.
 */
export function hessian32(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  let sb = <usize>s << 2;
  let kb = <usize>K << 3;
  let osb = <usize>s << 3;
  let blockBytes = <usize>s * osb;
  let A = hessianWeights32(scratch);
  let Y = A + (<usize>HTILE32 << 3);
  zeroDoubles(out, (<usize>(K * (K + 1)) >> 1) * <usize>s * <usize>s);
  for (let t0 = 0; t0 < n; t0 += HTILE32) {
    let rows = min(HTILE32, n - t0);
    let xt = x + <usize>t0 * sb;
    let pt = p + <usize>t0 * kb;
    let wt = w + (<usize>t0 << 3);
    let ob = out;
    for (let k = 0; k < K; k++) {
      ob += blockBytes; // the diagonal block (k, k) is assembled below
      for (let l = k + 1; l < K; l++) {
        let ko = <usize>k << 3, lo = <usize>l << 3;
        for (let t = 0; t < rows; t++) {
          let pr = pt + <usize>t * kb;
          let wpk = load<f64>(wt + (<usize>t << 3)) * load<f64>(pr + ko);
          store<f64>(A + (<usize>t << 3), wpk * (0.0 - load<f64>(pr + lo)));
        }
        weightedGramUpper<f32>(ob, s, A, Y, xt, rows);
        ob += blockBytes;
      }
    }
  }
  // H_kk = −Σ_{l≠k} H_kl on and above the diagonal (pairs of entries from the
  // even column at or before the diagonal; an entry left of it is unspecified).
  for (let k = 0; k < K; k++) {
    let dk = out + <usize>blockIndex(k, k, K) * blockBytes;
    for (let l = 0; l < K; l++) {
      if (l == k) continue;
      let bl = out + <usize>(l < k ? blockIndex(l, k, K) : blockIndex(k, l, K)) * blockBytes;
      for (let i: usize = 0; i < <usize>s; i++) {
        let ro = i * osb;
        for (let j = (i & ~1) << 3; j < osb; j += 16) {
          let q = dk + ro + j;
          v128.store(q, f64x2.sub(v128.load(q), v128.load(bl + ro + j)));
        }
      }
    }
  }
}

/** Index of block (k, l), k ≤ l, in row-major upper-triangle order. */
// @ts-ignore: decorator
@inline function blockIndex(k: i32, l: i32, K: i32): i32 {
  return k * K - ((k * (k - 1)) >> 1) + (l - k);
}
