// The f32 kernels' guard of the directions softmax is invariant to.
//
// Adding one vector c to every class leaves softmax unchanged, so the exact gradient and
// Hessian-vector product have Σ_k g[k][j] = 0 (Σ_k (p_k − y_k) = 0, Σ_k p_k (u_k − p·u) = 0) and
// H·(1 ⊗ c) = 0: H is singular along those directions and only the penalty (λ) pins θ there.
// The f32 tile sums leave an error of order n·2⁻²⁴ in those directions, which a solver would
// amplify by 1/λ (or which could make H + λI indefinite). These two functions remove it; in
// exact arithmetic both change nothing. The f64 kernels do not need them.

/**
 * g[k][j] −= (1/K)·Σ_l g[l][j] for every column j (f64, classes summed in order): removes the
 * class mean of a gradient or Hessian-vector product (K×s, s even).
 */
export function centreClasses(g: usize, K: i32, s: i32): void {
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

/** Index of block (k, l), k ≤ l, in row-major upper-triangle order. */
// @ts-ignore: decorator
@inline function blockIndex(k: i32, l: i32, K: i32): i32 {
  return k * K - ((k * (k - 1)) >> 1) + (l - k);
}

/**
 * Sets every diagonal block of the block Hessian at `out` (K(K+1)/2 s×s f64 blocks, upper
 * triangles, diagonal blocks zero on entry) to H_kk = −Σ_{l≠k} H_kl (l ascending, f64), on and
 * above the diagonal (pairs of entries from the even column at or before the diagonal; an entry
 * left of it is unspecified).
 *
 * That is the same matrix, because p_k (1 − p_k) = Σ_{l≠k} p_k p_l; it writes H as the
 * "Laplacian" Σ_{k<l} (e_k − e_l)(e_k − e_l)ᵀ ⊗ A_kl with A_kl = Σ_n w p_k p_l x̂x̂ᵀ, so
 * H·(1 ⊗ c) = 0 holds up to f64 rounding of the block sums, as it does exactly, and H stays
 * positive semidefinite whenever the A_kl are.
 */
export function diagonalFromOffDiagonal(out: usize, K: i32, s: i32): void {
  let osb = <usize>s << 3;
  let blockBytes = <usize>s * osb;
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
