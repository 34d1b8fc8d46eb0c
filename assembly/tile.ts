// Row tiling and the layout of the caller-provided scratch buffer.
//
// Every kernel walks the rows in tiles so that a tile of X̂ (and its logits,
// probabilities and residuals) is still in cache when the second pass over it
// (gradient or Hessian accumulation) runs. Results never depend on the tile
// size: every per-row and per-entry operation happens in the same order
// whatever the tiling (checked by building with other sizes and comparing
// bits, scratch-kernels/verify.mjs).
//
// Per-tile K-wide arrays use a row stride of KP = K rounded up to even so the
// softmax can treat each row as f64x2 pairs; the pad lane holds −inf logits
// (probability 0).
//
// Scratch layout (scratchBytes(K) = 16 + max(3·TILE·KP·8 + 2·(TILE+2)·8,
// 5·HTILE·8) bytes):
//   [0, 16)  sink: receives the values of the touch-ahead loads (logits.ts)
//   then     Z, P, R: TILE × KP doubles each (logits, probabilities, residuals)
//   then     lse, sums: TILE + 2 doubles each (room for a dummy pair lane)
// The Hessian instead uses, after the sink, a weight column of HTILE doubles
// and an HTILE × 4 panel of weighted rows.

/**
 * Rows per tile for the logits/softmax/gradient passes. Measured on n = 100 000,
 * d = 100, K = 10 (lossGradient): 16 → 43 ms, 24/32 → 37 ms, 48 → 40 ms,
 * 64 → 40 ms, 128 → 43 ms; 32 rows of d = 100 are 26 KB, inside L1.
 */
// @ts-ignore: decorator
@inline export const TILE: i32 = 32;

/**
 * Rows per tile for the Hessian's weighted Gram accumulation (the tile is
 * re-read once per class pair, so it should sit in L2). Measured on n = 20 000,
 * d = 100, K = 10: 64 → 16.8, 128 → 17.8, 256 → 16.6, 512 → 15.1 GFLOP/s.
 */
// @ts-ignore: decorator
@inline export const HTILE: i32 = 128;

/** K rounded up to an even count: the stride of per-tile K-wide arrays. */
// @ts-ignore: decorator
@inline export function paddedK(K: i32): i32 {
  return (K + 1) & ~1;
}

/** Byte size of one per-tile K-wide array (TILE × KP doubles). */
// @ts-ignore: decorator
@inline export function tileArrayBytes(K: i32): usize {
  return <usize>TILE * <usize>paddedK(K) << 3;
}

/** The 16-byte slot that keeps touch-ahead loads alive. */
// @ts-ignore: decorator
@inline export function sinkPtr(scratch: usize): usize {
  return scratch;
}

/** Per-tile K-wide array number `i` (0: Z, 1: P, 2: R). */
// @ts-ignore: decorator
@inline export function tileArray(scratch: usize, K: i32, i: i32): usize {
  return scratch + 16 + tileArrayBytes(K) * <usize>i;
}

/** Per-tile row array number `i` (0: lse, 1: sums) of TILE + 2 doubles. */
// @ts-ignore: decorator
@inline export function rowArray(scratch: usize, K: i32, i: i32): usize {
  return scratch + 16 + tileArrayBytes(K) * 3 + (<usize>(TILE + 2) << 3) * <usize>i;
}

/** The Hessian's weight column (HTILE doubles); its panel follows it. */
// @ts-ignore: decorator
@inline export function hessianWeights(scratch: usize): usize {
  return scratch + 16;
}

/** Scratch bytes every kernel may use for K classes (max over kernels). */
export function scratchBytesFor(K: i32): i32 {
  let a = <i32>tileArrayBytes(K) * 3 + ((TILE + 2) << 4);
  let h = HTILE * 5 << 3;
  return 16 + max(a, h);
}

/** Sets `count` doubles at `p` to 0. */
// @ts-ignore: decorator
@inline export function zeroDoubles(p: usize, count: usize): void {
  let end = p + (count << 3);
  let vEnd = p + ((count & ~<usize>1) << 3);
  while (p < vEnd) { v128.store(p, f64x2.splat(0.0)); p += 16; }
  if (p < end) store<f64>(p, 0.0);
}
