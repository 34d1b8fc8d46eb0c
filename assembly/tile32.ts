// Row tiling and scratch layout of the float32 kernels (X̂ stored as f32).
//
// The f32 kernels reuse the f64 softmax (softmax.ts) on f64 logits, so the
// per-tile K-wide arrays Z, P, R are f64 with row stride KP = K rounded up to
// even, exactly as in tile.ts. Added to that: the f32 copy of θ (or of v for
// the Hessian-vector product), converted once per call, and an f32 copy of
// the tile's residuals for the f32x4 rank-TILE32 update.
//
// Scratch layout (scratchBytes32(K, s) bytes):
//   [0, 16)  sink: receives the values of the touch-ahead loads (logits.ts)
//   then     Θ32: K × s floats (θ or v rounded to f32)
//   then     Z, P, R: TILE32 × KP doubles each (logits, probabilities, residuals)
//   then     R32: TILE32 × KP floats (residuals rounded to f32)
//   then     lse, sums: TILE32 + 2 doubles each
// The Hessian instead uses, after the sink, a weight column of HTILE32
// doubles and an HTILE32 × 4 panel of f32 weighted rows.
//
//   scratchBytes32(K, s) = 16 + max(4·K·s + 28·TILE32·KP + 16·(TILE32 + 2),
//                                   24·HTILE32)
//                        = 16 + max(4·K·s + 1792·KP + 1056, 6144)
//   (TILE32 = 64, HTILE32 = 256, KP = K rounded up to even).

import { paddedK } from "./tile";

/**
 * Rows per tile of the f32 logits/softmax/gradient passes. The gradient's
 * f32 tile sums are added into the f64 gradient once per tile, so the tile
 * is twice the f64 one (same bytes of X̂: 64 rows of d = 100 are 26 KB).
 */
// @ts-ignore: decorator
@inline export const TILE32: i32 = 64;

/** Rows per tile of the f32 Hessian (its f32 block sums go to f64 per tile). */
// @ts-ignore: decorator
@inline export const HTILE32: i32 = 256;

/** Byte size of one per-tile K-wide f64 array (TILE32 × KP doubles). */
// @ts-ignore: decorator
@inline export function tileArrayBytes32(K: i32): usize {
  return <usize>TILE32 * <usize>paddedK(K) << 3;
}

/** The f32 copy of θ (or v): K × s floats. */
// @ts-ignore: decorator
@inline export function theta32Ptr(scratch: usize): usize {
  return scratch + 16;
}

// @ts-ignore: decorator
@inline function tileBase32(scratch: usize, K: i32, s: i32): usize {
  return scratch + 16 + (<usize>K * <usize>s << 2);
}

/** Per-tile K-wide f64 array number `i` (0: Z, 1: P, 2: R). */
// @ts-ignore: decorator
@inline export function tileArray32(scratch: usize, K: i32, s: i32, i: i32): usize {
  return tileBase32(scratch, K, s) + tileArrayBytes32(K) * <usize>i;
}

/** The tile's residuals in f32 (TILE32 × KP floats). */
// @ts-ignore: decorator
@inline export function residuals32(scratch: usize, K: i32, s: i32): usize {
  return tileBase32(scratch, K, s) + tileArrayBytes32(K) * 3;
}

/** Per-tile row array number `i` (0: lse, 1: sums) of TILE32 + 2 doubles. */
// @ts-ignore: decorator
@inline export function rowArray32(scratch: usize, K: i32, s: i32, i: i32): usize {
  return residuals32(scratch, K, s) + (tileArrayBytes32(K) >> 1) + (<usize>(TILE32 + 2) << 3) * <usize>i;
}

/** The f32 Hessian's weight column (HTILE32 doubles); its panel follows it. */
// @ts-ignore: decorator
@inline export function hessianWeights32(scratch: usize): usize {
  return scratch + 16;
}

/** Scratch bytes every f32 kernel may use for K classes and stride s. */
export function scratchBytesFor32(K: i32, s: i32): i32 {
  let a = K * s * 4 + <i32>tileArrayBytes32(K) * 3 + (<i32>tileArrayBytes32(K) >> 1) + ((TILE32 + 2) << 4);
  let h = HTILE32 * 24;
  return 16 + max(a, h);
}

/**
 * Rounds `count` doubles at `src` (count a multiple of 4) to f32 at `dst`
 * (round to nearest even, the only rounding WebAssembly has).
 */
export function demoteArray(src: usize, dst: usize, count: usize): void {
  let end = src + (count << 3);
  while (src < end) {
    let a = f32x4.demote_f64x2_zero(v128.load(src));
    let b = f32x4.demote_f64x2_zero(v128.load(src, 16));
    v128.store(dst, v128.shuffle<i32>(a, b, 0, 1, 4, 5));
    src += 32; dst += 16;
  }
}

/** Rounds `count` doubles at `src` (count even) to f32 at `dst`. */
// @ts-ignore: decorator
@inline export function demotePairs(src: usize, dst: usize, count: usize): void {
  let end = src + (count << 3);
  while (src < end) {
    v128.store64_lane(dst, f32x4.demote_f64x2_zero(v128.load(src)), 0);
    src += 16; dst += 8;
  }
}
