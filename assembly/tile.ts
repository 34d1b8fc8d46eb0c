// Row tiling and the layout of the caller-provided scratch buffer.
//
// Every kernel walks the rows in tiles of TILE rows so that a tile of X̂ (and
// its logits / probabilities / residuals) is still in L1/L2 when the second
// pass over it (gradient or Hessian accumulation) runs. Results never depend
// on the tile size: every per-row and per-entry operation happens in the same
// order whatever the tiling.
//
// Per-tile K-wide arrays use a row stride of KP = K rounded up to even so the
// softmax can treat each row as f64x2 pairs; the pad lane holds −inf logits
// (probability 0, residual 0).

/** Rows per tile for logits/softmax/gradient passes (chosen by measurement). */
// @ts-ignore: decorator
@inline export const TILE: i32 = 64;

/** Rows per tile for the Hessian's weighted Gram accumulation. */
// @ts-ignore: decorator
@inline export const HTILE: i32 = 256;

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

/** Bytes the Hessian needs: a weight column and a TILE × 4 panel of weighted rows. */
// @ts-ignore: decorator
@inline export function hessianScratchBytes(): usize {
  return <usize>HTILE * 5 << 3;
}

// Scratch layout: [16-byte sink][array 0][array 1][array 2], arrays being
// TILE × KP doubles (Z logits, P probabilities, R residuals); the Hessian
// reuses the space after the sink for its own panels. The sink receives the
// otherwise unused values of the prefetching loads (see logits.ts) so no
// compiler can drop them.

/** The 16-byte slot that keeps prefetch loads alive. */
// @ts-ignore: decorator
@inline export function sinkPtr(scratch: usize): usize {
  return scratch;
}

/** Per-tile K-wide array number `i` (0, 1 or 2) inside the scratch buffer. */
// @ts-ignore: decorator
@inline export function tileArray(scratch: usize, K: i32, i: i32): usize {
  return scratch + 16 + tileArrayBytes(K) * <usize>i;
}

/** Scratch bytes every kernel may use for K classes (max over kernels). */
export function scratchBytesFor(K: i32): i32 {
  let a = tileArrayBytes(K) * 3;
  let h = hessianScratchBytes();
  return <i32>(16 + (a > h ? a : h)) as i32;
}

/** Sets `count` doubles at `p` to 0. */
// @ts-ignore: decorator
@inline export function zeroDoubles(p: usize, count: usize): void {
  let end = p + (count << 3);
  let vEnd = p + ((count & ~<usize>1) << 3);
  while (p < vEnd) { v128.store(p, f64x2.splat(0.0)); p += 16; }
  if (p < end) store<f64>(p, 0.0);
}
