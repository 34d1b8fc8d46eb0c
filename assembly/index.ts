// softmax-regression WebAssembly kernels — exports only.
//
// ABI (all pointers are byte offsets into this module's exported memory, which
// the caller owns and grows; the module has no allocator, no data segment, no
// imports, and needs only 8-byte alignment for f64 arrays):
//
//   x       n rows of X̂, row-major f64 with row stride s doubles; s is EVEN and
//           ≥ d+1. Column 0 is the intercept column (1.0, or 0.0 without an
//           intercept), columns 1..d the features, columns d+1..s−1 are ZERO.
//   theta   K×s f64, class-major: theta[k·s + j], j = 0 the intercept; the
//           padding columns must be 0 (v, grad and out of hessianVector use
//           the same layout).
//   y       soft = 0: n i32 class indices in 0..K−1;
//           soft = 1: n×K f64 target probabilities (rows sum to 1).
//   w       n f64 sample weights ≥ 0.
//   p       n×K f64 row-major probabilities, as written by probOut.
//   scratch scratchBytes(K) bytes, any content, clobbered:
//           16 + max(768·KP + 544, 5120) with KP = K rounded up to even
//           (row tiles of 32 rows, Hessian tiles of 128 rows; see tile.ts).
//   K ≥ 2, n ≥ 1, d ≥ 1. Counts are i32, pointers usize (u32).
//
// Every output is OVERWRITTEN (never accumulated into). Flop counts used for
// GFLOP/s: lossGradient 4·n·(d+1)·K (2 logits + 2 gradient), probabilities
// 2·n·(d+1)·K, hessianVector 4·n·(d+1)·K, hessian 2·n·(d+1)(d+2)/2·K(K+1)/2.
//
// Results never depend on the tiling or on the engine: only IEEE-exact SIMD
// operations are used (no relaxed SIMD, no FMA, no imported Math), so every
// runtime produces the same bits.

import { scratchBytesFor } from "./tile";

/** Bytes of scratch the kernels need for K classes. */
export function scratchBytes(K: i32): i32 {
  return scratchBytesFor(K);
}

/**
 * Returns Σ_n w_n·CE_n with CE = lse − z_y (hard) or Σ_k y_k (lse − z_k) (soft).
 * grad ≠ 0: overwritten (K×s) with Σ_n w_n (p_n − y_n) ⊗ x̂_n.
 * probOut ≠ 0: receives p (n×K).
 */
export { lossGradient } from "./gradient";

/** out (n×K) = softmax(θ x̂_n), bit-identical to lossGradient's p. */
export { probabilities } from "./probabilities";

/**
 * For k ≤ l (block b = 0 … K(K+1)/2 − 1 in that order) block b at out + b·s·s
 * doubles (row-major s×s) is overwritten, on and above its diagonal, with
 * Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ; entries below the diagonal are
 * unspecified (mirror them).
 */
export { hessian } from "./hessian";

/** out (K×s, overwritten) = H·v without forming H (v laid out like theta). */
export { hessianVector } from "./hessian_vector";
