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
//   scratch scratchBytes(K, s) bytes, any content, clobbered:
//           max(8·K·s + 768·KP + 800, 5136) with KP = K rounded up to even
//           (row tiles of 32 rows, Hessian tiles of 128 rows; see layout.ts).
//   K ≥ 2, n ≥ 1, d ≥ 1. Counts are i32, pointers usize (u32).
//
// Every output is OVERWRITTEN (never accumulated into). Flop counts used for
// GFLOP/s: lossGradient 4·n·(d+1)·K (2 logits + 2 gradient), probabilities
// (and logProbabilities, logits) 2·n·(d+1)·K, hessianVector 4·n·(d+1)·K, hessian 2·n·(d+1)(d+2)/2·K(K+1)/2.
//
// Results never depend on the tiling or on the engine: only IEEE-exact SIMD
// operations are used (no relaxed SIMD, no FMA, no imported Math), so every
// runtime produces the same bits.

// ---------------------------------------------------------------------------
// float32 kernels (dtype "float32"): X̂ is stored in f32, the two matrix
// products run in f32x4, everything else (softmax with the same f64x2 exp/log,
// loss, residuals, all sums across row tiles) is f64. Same semantics as the
// f64 kernels: outputs overwritten, probabilities32 bit-identical to
// lossGradient32's probOut.
//
// ABI — as above, except:
//   x       n rows of X̂, row-major f32 with row stride s floats; s is a
//           MULTIPLE OF 4 and ≥ d+1; column 0 the intercept column (1 or 0),
//           columns d+1..s−1 ZERO. 4-byte alignment suffices.
//   theta, grad, v, out of hessianVector32: f64, K×s class-major with the
//           same stride s as x (zero padding) — the f64 layout, so the same
//           TypeScript code fills and reads them. θ (or v) is rounded to f32
//           once per call (into scratch).
//   y, soft, w, p, probOut / out of probabilities32, Hessian blocks: exactly
//           as in the f64 ABI (f64 weights, probabilities and blocks; i32
//           labels or f64 soft targets whose rows sum to 1).
//   scratch scratchBytes32(K, s) bytes, clobbered (see layout.ts):
//           max(4·K·s + 1792·KP + 1312, 6160), KP = K rounded up to even.
//
//   scratchBytes32(K: i32, s: i32): i32
//   lossGradient32(x, n, s, K, theta, y, soft, w, grad, probOut, scratch): f64
//   probabilities32(x, n, s, K, theta, out, scratch): void
//   logProbabilities32(x, n, s, K, theta, out, scratch): void
//   logits32(x, n, s, K, theta, out, scratch): void
//   hessian32(x, n, s, K, p, w, out, scratch): void
//   hessianVector32(x, n, s, K, p, w, v, out, scratch): void
//
// Accuracy: a logit sums at most 32 f32 products per f32x4 lane; lanes and
// 128-column chunks are combined in f64. A gradient / Hessian-vector entry
// sums one 64-row tile in f32 (f32 residuals), a Hessian entry one 256-row
// tile (f32 weighted rows); tile sums are added in f64. Directions softmax is
// invariant to (the same vector added to every class) are kept exact: grad
// and Hessian-vector outputs have their class mean removed per column (their
// exact values have Σ_k g[k][j] = 0), and hessian32 assembles each diagonal
// block as −Σ_{l≠k} H_kl, so H·(1 ⊗ c) = 0 as it should (otherwise the f32
// rounding there, of order n·2⁻²⁴, would be amplified by 1/λ by a solver or
// make H + λI indefinite). Flop counts for GFLOP/s are those of the f64
// kernels (hessian32 actually sums K(K−1)/2 of the K(K+1)/2 blocks).
// Results are deterministic across engines (IEEE-exact SIMD only).
//
// The same module is also built as build/softmax-threads.wasm (asconfig
// target "threads"): memory imported as env.memory (shared, max 65536
// pages), nothing else imported. Workers may run any kernel concurrently on
// row ranges (x + start·s·elementBytes, y, w, p offset likewise, n = rows of
// the range) as long as each has its own outputs AND its own scratch.

import { scratchBytesFor } from "./layout";
import { lossGradientOf } from "./gradient";
import { predictOf, Output } from "./probabilities";
import { hessianOf } from "./hessian";
import { hessianVectorOf } from "./hessian_vector";
import { weightedGramOfRowsOf, gramRowsScratchBytesFor } from "./gram-rows";
export { cholesky, solveClasses } from "./dense";
export { twoLoop } from "./two-loop";
import { curvatureWeightsOf } from "./curvature";
import { expv } from "./exp";
import { logv } from "./log";

// ---------------------------------------------------------------------------
// Each kernel is written once, generic over the element type of X̂ (f64 or f32,
// resolved at compile time); each pair of exports below instantiates it for both.

/** Bytes of scratch the f64 kernels need for K classes and stride s. */
export function scratchBytes(K: i32, s: i32): i32 {
  return scratchBytesFor<f64>(K, s);
}
/** Bytes of scratch the f32 kernels need for K classes and stride s. */
export function scratchBytes32(K: i32, s: i32): i32 {
  return scratchBytesFor<f32>(K, s);
}

/**
 * Returns Σ_n w_n·CE_n with CE = lse − z_y (hard) or Σ_k y_k (lse − z_k) (soft).
 * grad ≠ 0: overwritten (K×s) with Σ_n w_n (p_n − y_n) ⊗ x̂_n (class-centred
 * for f32, see above). probOut ≠ 0: receives p (n×K).
 */
export function lossGradient(x: usize, n: i32, s: i32, K: i32, theta: usize, y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize): f64 {
  return lossGradientOf<f64>(x, n, s, K, theta, y, soft, w, grad, probOut, scratch);
}
export function lossGradient32(x: usize, n: i32, s: i32, K: i32, theta: usize, y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize): f64 {
  return lossGradientOf<f32>(x, n, s, K, theta, y, soft, w, grad, probOut, scratch);
}

/** out (n×K) = softmax(θ x̂_n), bit-identical to lossGradient's (lossGradient32's) p. */
export function probabilities(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f64>(x, n, s, K, theta, out, scratch, Output.Probabilities);
}
export function probabilities32(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f32>(x, n, s, K, theta, out, scratch, Output.Probabilities);
}

/**
 * out (n×K) = log softmax(θ x̂_n) = z − lse, computed from the logits (lse as in the loss), so an
 * underflowing probability still has a finite log.
 */
export function logProbabilities(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f64>(x, n, s, K, theta, out, scratch, Output.LogProbabilities);
}
export function logProbabilities32(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f32>(x, n, s, K, theta, out, scratch, Output.LogProbabilities);
}

/** out (n×K) = the logits θ x̂_n (the decision function). */
export function logits(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f64>(x, n, s, K, theta, out, scratch, Output.Logits);
}
export function logits32(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  predictOf<f32>(x, n, s, K, theta, out, scratch, Output.Logits);
}

/**
 * For k ≤ l (block b = 0 … K(K+1)/2 − 1 in that order) block b at out + b·s·s
 * doubles (row-major s×s) is overwritten, on and above its diagonal, with
 * Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ; entries below the diagonal are
 * unspecified (mirror them).
 */
export function hessian(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  hessianOf<f64>(x, n, s, K, p, w, out, scratch);
}
export function hessian32(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  hessianOf<f32>(x, n, s, K, p, w, out, scratch);
}

/**
 * out (K×s, overwritten) = H·v without forming H (v laid out like theta;
 * class-centred for f32, see above).
 */
export function hessianVector(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, v: usize, out: usize, scratch: usize): void {
  hessianVectorOf<f64>(x, n, s, K, p, w, v, out, scratch);
}
export function hessianVector32(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, v: usize, out: usize, scratch: usize): void {
  hessianVectorOf<f32>(x, n, s, K, p, w, v, out, scratch);
}

/**
 * Solver kernels (gram-rows.ts, dense.ts): the weighted Gram of listed rows of X̂,
 * out (s×s f64, upper triangle) = Σ_t a_t x̂_{rows[t]} x̂_{rows[t]}ᵀ (rows: count i32 indices,
 * a: count f64 weights, scratch: gramRowsScratchBytes[32](s) bytes); the Cholesky factor of an
 * m×m matrix given by its upper triangle, cholesky(a, m, lda, minPivot): 1 on success, L in the
 * lower triangle; and solveClasses(l, m, lda, K, v, vs, out, z), out = (LLᵀ)⁻¹ v for K rows of
 * stride vs (z: m·KP doubles of scratch); and the L-BFGS two-loop recursion,
 * twoLoop(S, Y, rho, yy, alpha, newest, stored, capacity, P, g, d): d = −Hg, returns gᵀd
 * (two-loop.ts).
 */
export function gramRowsScratchBytes(s: i32): i32 {
  return gramRowsScratchBytesFor<f64>(s);
}
/**
 * The preconditioner's row weights (curvature.ts): out[t] = ((w_r (1 − Σ_k p_rk²)) / K) / weightSum
 * for r = rows[t] (count i32 indices), p n × K f64, w n f64. One export: X̂ is not read.
 */
export function curvatureWeights(p: usize, w: usize, rows: usize, count: i32, K: i32, weightSum: f64, out: usize): void {
  curvatureWeightsOf(p, w, rows, count, K, weightSum, out);
}
export function gramRowsScratchBytes32(s: i32): i32 {
  return gramRowsScratchBytesFor<f32>(s);
}
export function weightedGramOfRows(x: usize, s: i32, rows: usize, count: i32, a: usize, out: usize, scratch: usize): void {
  weightedGramOfRowsOf<f64>(x, s, rows, count, a, out, scratch);
}
export function weightedGramOfRows32(x: usize, s: i32, rows: usize, count: i32, a: usize, out: usize, scratch: usize): void {
  weightedGramOfRowsOf<f32>(x, s, rows, count, a, out, scratch);
}

/**
 * The kernels' own exp and log on one value (lane 0 of the f64x2 versions), exported so
 * tests can check their error against a reference; not used by the library.
 */
export function exp(x: f64): f64 {
  return f64x2.extract_lane(expv(f64x2.splat(x)), 0);
}

/** See exp. */
export function log(x: f64): f64 {
  return f64x2.extract_lane(logv(f64x2.splat(x)), 0);
}

// ---------------------------------------------------------------------------
// The sparse (CSR) kernels: ABI and exports in sparse/kernels.ts.
export * from "./sparse/kernels";
