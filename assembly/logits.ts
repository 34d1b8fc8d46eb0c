// Logits of a tile of rows, z[t][k] = Σ_j θ[k][j]·x̂[t][j] (also u = V x̂ in the Hessian-vector
// product), for X̂ of element type T: the walk over 2-row × 4/2/1-class register blocks, whose
// code per element type is in logits-f64.ts and logits-f32.ts.
//
// This pass is the one that streams X̂ from memory; the hardware prefetcher keeps up with it.
// (Until issue 10 the 2-row blocks also loaded one u64 per 32 bytes a few rows ahead, a
// "touch-ahead" that made lossGradient 5 % faster on a 2-core Intel Xeon. On the Zen 4 of the
// README's figures, A/B in CPU time on 100 000 × 100 × 10, bits unchanged, without it: logits
// 14.1 → 11.2 ms, probabilities 17.7 → 16.3 ms, lossGradient 30.7 → 29.8 and 30.4 → 29.7 ms,
// hessianVector 27.1 → 26.0 ms.)

import * as F64 from "./logits-f64";
import * as F32 from "./logits-f32";
import { thetaCopy } from "./layout";

/**
 * θ (or v, K × s f64) as the logits pass reads it: repacked into "class panels" in scratch, and
 * for f32 rounded once to f32 on the way (the f32 kernels multiply f32 by f32).
 *
 * The classes go in groups of 4, then 2, then 1 (the register blocks below); group g of width c
 * starting at class k0 occupies k0·s … (k0 + c)·s elements, and inside it vector p (16 bytes:
 * 2 f64 or 4 f32 columns) of class k0 + i sits at vector p·c + i. A block then walks ONE θ
 * pointer with constant offsets instead of c rows, which leaves V8 registers for the
 * accumulators (measured: the row-pointer version recomputed and spilled addresses in its inner
 * loop). Packing moves values only, so no logit changes by a bit.
 */
export function classPanels<T>(theta: usize, scratch: usize, K: i32, s: i32): usize {
  let panels = thetaCopy(scratch);
  let tb = <usize>s << 3;              // bytes of one θ row (f64)
  let vb = <usize>(16 / sizeof<T>()) << 3; // θ bytes per 16-byte vector of T
  let vectors = <usize>s * sizeof<T>() >> 4;
  let k = 0;
  while (k < K) {
    let c = K - k >= 4 ? 4 : K - k >= 2 ? 2 : 1;
    let dst = panels + <usize>k * <usize>s * sizeof<T>();
    for (let i = 0; i < c; i++) {
      let src = theta + <usize>(k + i) * tb;
      let d = dst + (<usize>i << 4);
      let step = <usize>c << 4;
      for (let p: usize = 0; p < vectors; p++) {
        if (sizeof<T>() == 8) {
          v128.store(d, v128.load(src));
        } else {
          let lo = f32x4.demote_f64x2_zero(v128.load(src));
          let hi = f32x4.demote_f64x2_zero(v128.load(src, 16));
          v128.store(d, v128.shuffle<i32>(lo, hi, 0, 1, 4, 5));
        }
        src += vb;
        d += step;
      }
    }
    k += c;
  }
  return panels;
}

// The register blocks of element type T, chosen at compile time.
// @ts-ignore: decorator
@inline function rows2classes4<T>(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize): void {
  if (sizeof<T>() == 8) F64.rows2classes4(x0, th, sb, z0, zsb); else F32.rows2classes4(x0, th, sb, z0, zsb);
}
// @ts-ignore: decorator
@inline function rows2classes2<T>(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize): void {
  if (sizeof<T>() == 8) F64.rows2classes2(x0, th, sb, z0, zsb); else F32.rows2classes2(x0, th, sb, z0, zsb);
}
// @ts-ignore: decorator
@inline function rows2classes1<T>(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize): void {
  if (sizeof<T>() == 8) F64.rows2classes1(x0, th, sb, z0, zsb); else F32.rows2classes1(x0, th, sb, z0, zsb);
}
// @ts-ignore: decorator
@inline function rows1classes4<T>(x0: usize, th: usize, sb: usize, z0: usize): void {
  if (sizeof<T>() == 8) F64.rows1classes4(x0, th, sb, z0); else F32.rows1classes4(x0, th, sb, z0);
}
// @ts-ignore: decorator
@inline function rows1classes2<T>(x0: usize, th: usize, sb: usize, z0: usize): void {
  if (sizeof<T>() == 8) F64.rows1classes2(x0, th, sb, z0); else F32.rows1classes2(x0, th, sb, z0);
}
// @ts-ignore: decorator
@inline function rows1classes1<T>(x0: usize, th: usize, sb: usize, z0: usize): void {
  if (sizeof<T>() == 8) F64.rows1classes1(x0, th, sb, z0); else F32.rows1classes1(x0, th, sb, z0);
}

/**
 * z[t·zs + k] (f64) = Σ_j θ[k·s + j]·x[t·s + j] for t < rows, k < K, with x and θ in T (θ as
 * returned by classPanels). `x` points at the tile's first row; `zs` is z's row stride in
 * doubles.
 */
export function logitsTile<T>(x: usize, rows: i32, s: i32, K: i32, theta: usize, z: usize, zs: i32): void {
  let sb = <usize>s * sizeof<T>();
  let zsb = <usize>zs << 3;
  let K4 = K & ~3;
  let t = 0;
  for (; t + 2 <= rows; t += 2) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let k = 0;
    for (; k < K4; k += 4) rows2classes4<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb);
    if (k + 2 <= K) { rows2classes2<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb); k += 2; }
    if (k < K) rows2classes1<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb);
  }
  if (t < rows) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let k = 0;
    for (; k < K4; k += 4) rows1classes4<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3));
    if (k + 2 <= K) { rows1classes2<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3)); k += 2; }
    if (k < K) rows1classes1<T>(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3));
  }
}
