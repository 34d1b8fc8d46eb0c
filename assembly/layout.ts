// Row tiling and the layout of the caller-provided scratch buffer, for X̂ of element type T.
//
// Every kernel walks the rows in tiles so that a tile of X̂ (and its logits, probabilities and
// residuals) is still in cache when the second pass over it (gradient or Hessian accumulation)
// runs. The f64 results never depend on the tile sizes: every per-row and per-entry operation
// happens in the same order whatever the tiling (scripts/verify-tiling.mjs builds the module
// with other TILE_F64 and HTILE_F64 and checks that every output bit stays the same). The f32
// tile sizes are part of the f32 arithmetic: they bound the rows one f32 sum covers.
//
// Per-tile K-wide arrays are f64 for both element types, with a row stride of KP = K rounded
// up to even so the softmax can treat each row as f64x2 pairs; the pad lane holds −inf logits
// (probability 0).
//
// Scratch layout (16-byte aligned, all offsets multiples of 8):
//   [0, 16)  the sink of the sparse logits' paired loads (sparse/logits.ts: stored, never
//            read for a result)
//   [16, 256) exp's constants (exp.ts: storeExpConstants), written by every softmax
//   then     Θ: K × s elements of T (θ or v repacked into class panels once per call; logits.ts)
//   then     Z, P, R: TILE × KP doubles each (logits, probabilities, residuals)
//   then     f32 only: R32, TILE × KP floats (the residuals rounded for the f32x4 update)
//   then     lse, sums: TILE + 2 doubles each (room for a dummy pair lane)
// The Hessian instead uses, after the first 16 bytes, a weight column of HTILE doubles and a panel of
// HTILE × 4 weighted row entries in T.
//
//   f64: scratchBytes(K, s)   = max(256 + 8·K·s + 24·TILE·KP + 16·(TILE + 2), 16 + 40·HTILE)
//                             = max(8·K·s + 768·KP + 800, 5136)
//   f32: scratchBytes32(K, s) = max(256 + 4·K·s + 28·TILE·KP + 16·(TILE + 2), 16 + 24·HTILE)
//                             = max(4·K·s + 1792·KP + 1312, 6160)

/**
 * f64 rows per tile of the logits/softmax/gradient passes. Measured on n = 100 000, d = 100,
 * K = 10 (lossGradient): 16 → 43 ms, 24/32 → 37 ms, 48 → 40 ms, 64 → 40 ms, 128 → 43 ms;
 * 32 rows of d = 100 are 26 KB, inside L1.
 */
// @ts-ignore: decorator
@inline const TILE_F64: i32 = 32;

/**
 * f32 rows per tile: the gradient's f32 tile sums are added into the f64 gradient once per
 * tile, so the tile is twice the f64 one (the same bytes of X̂: 64 rows of d = 100 are 26 KB).
 */
// @ts-ignore: decorator
@inline const TILE_F32: i32 = 64;

/**
 * f64 rows per tile of the Hessian's weighted Gram accumulation (the tile is re-read once per
 * class pair, so it should sit in L2). Measured on n = 20 000, d = 100, K = 10: 64 → 16.8,
 * 128 → 17.8, 256 → 16.6, 512 → 15.1 GFLOP/s.
 */
// @ts-ignore: decorator
@inline const HTILE_F64: i32 = 128;

/** f32 rows per tile of the Hessian (its f32 block sums go to f64 once per tile). */
// @ts-ignore: decorator
@inline const HTILE_F32: i32 = 256;

/** Rows per tile of the logits/softmax/gradient passes. */
// @ts-ignore: decorator
@inline export function tileRows<T>(): i32 {
  return sizeof<T>() == 8 ? TILE_F64 : TILE_F32;
}

/** Rows per tile of the Hessian. */
// @ts-ignore: decorator
@inline export function hessianTileRows<T>(): i32 {
  return sizeof<T>() == 8 ? HTILE_F64 : HTILE_F32;
}

/** K rounded up to an even count: the stride of per-tile K-wide arrays. */
// @ts-ignore: decorator
@inline export function paddedK(K: i32): i32 {
  return (K + 1) & ~1;
}

/** Bytes of θ (or v) repacked into class panels in T (logits.ts). */
// @ts-ignore: decorator
@inline function thetaCopyBytes<T>(K: i32, s: i32): usize {
  return <usize>K * <usize>s * sizeof<T>();
}

/** Byte size of one per-tile K-wide f64 array (TILE × KP doubles). */
// @ts-ignore: decorator
@inline function tileArrayBytes<T>(K: i32): usize {
  return <usize>tileRows<T>() * <usize>paddedK(K) << 3;
}

/** Bytes of the f32 copy of the tile's residuals (none for f64). */
// @ts-ignore: decorator
@inline function residualCopyBytes<T>(K: i32): usize {
  return sizeof<T>() == 8 ? 0 : tileArrayBytes<T>(K) >> 1;
}

/** Where the softmax keeps exp's constants (EXP_TABLE_BYTES = 208 of the 240 bytes reserved). */
// @ts-ignore: decorator
@inline export function expTablePtr(scratch: usize): usize {
  return scratch + 16;
}

/** Start of the tile arrays: after the first 16 bytes and the exp table. */
// @ts-ignore: decorator
@inline const TILES_START: usize = 256;

/** θ (or v) as class panels in T: K × s elements. */
// @ts-ignore: decorator
@inline export function thetaCopy(scratch: usize): usize {
  return scratch + TILES_START;
}

/** Per-tile K-wide f64 array number `i` (0: Z, 1: P, 2: R). */
// @ts-ignore: decorator
@inline export function tileArray<T>(scratch: usize, K: i32, s: i32, i: i32): usize {
  return scratch + TILES_START + thetaCopyBytes<T>(K, s) + tileArrayBytes<T>(K) * <usize>i;
}

/** The tile's residuals in f32 (TILE × KP floats; f32 kernels only). */
// @ts-ignore: decorator
@inline export function residualCopy<T>(scratch: usize, K: i32, s: i32): usize {
  return tileArray<T>(scratch, K, s, 3);
}

/** Per-tile row array number `i` (0: lse, 1: sums) of TILE + 2 doubles. */
// @ts-ignore: decorator
@inline export function rowArray<T>(scratch: usize, K: i32, s: i32, i: i32): usize {
  return residualCopy<T>(scratch, K, s) + residualCopyBytes<T>(K) + (<usize>(tileRows<T>() + 2) << 3) * <usize>i;
}

/** The Hessian's weight column (HTILE doubles); its panel follows it. */
// @ts-ignore: decorator
@inline export function hessianWeights(scratch: usize): usize {
  return scratch + 16;
}

/** Scratch bytes every kernel of element type T may use for K classes and stride s. */
export function scratchBytesFor<T>(K: i32, s: i32): i32 {
  let tiles = <i32>thetaCopyBytes<T>(K, s) + <i32>tileArrayBytes<T>(K) * 3 + <i32>residualCopyBytes<T>(K) + ((tileRows<T>() + 2) << 4);
  let hessian = hessianTileRows<T>() * (8 + 4 * <i32>sizeof<T>());
  return max(<i32>TILES_START + tiles, 16 + hessian);
}
