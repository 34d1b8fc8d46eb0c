// Rank-`rows` updates O[c][j] += Σ_t r[t][c]·x̂[t][j]: the gradient and Hessian-vector
// accumulation G += Rᵀ X̂_tile (c a class), and, with the weighted panel Y for r, the Hessian's
// weighted Gram blocks (c a row of the block; gram.ts).
//
// O is f64 and row-major (row stride osb bytes), x̂ rows are T, r rows are T (stride rsb bytes).
// A register block covers 4 rows of O × 2 or 1 vectors of x̂ (2·L or L columns, L = lanes<T>()),
// or, for the 2 or 1 rows (classes) left over, 4, 2 or 1 vectors: the 4 × 2 and 2 × 4 blocks
// hold 8 accumulators and per row t load 6 values (vectors of x̂, splatted entries of r) for 32
// (f64) or 64 (f32) flops. (Measured with bench/kernels-count.mjs, lossGradient at K = 10, 20 000
// rows: the 2 × 4 block instead of 2 × 2 for the last two classes, 4830 → 4650 instructions a
// row. Wider blocks do not fit: V8 issues a block's loads before its arithmetic, so loaded values
// plus accumulators must fit in its 15 xmm registers, and unrolling over t spills.) Every entry is updated in row order
// t = 0, 1, … whatever the block shape, so the result does not depend on the blocking.
//
// f64 accumulates straight into O. f32 sums the tile in f32x4 lanes from zero and adds the sums
// to O in f64 once (finish), so f32 rounding never covers more rows than one tile and the sum
// over tiles is f64.

import { lanes, mulAdd, splat0, splat1, splat2, splat3, addWide, demotePairs } from "./simd";

/** Bytes of O covered by one vector of x̂ columns: 16 (f64), 32 (f32). */
// @ts-ignore: decorator
@inline function oVector<T>(): usize {
  return <usize>lanes<T>() << 3;
}

/** An accumulator's starting value: the current O entries (f64) or 0 (f32 tile sum). */
// @ts-ignore: decorator
@inline function start<T>(o: usize): v128 {
  return sizeof<T>() == 8 ? v128.load(o) : f32x4.splat(0);
}

/** Writes an accumulator back: the new O entries (f64), or O += the widened tile sum (f32). */
// @ts-ignore: decorator
@inline function finish<T>(o: usize, a: v128): void {
  if (sizeof<T>() == 8) v128.store(o, a);
  else addWide(o, a);
}

// @ts-ignore: decorator
@inline function block4x2<T>(o: usize, osb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let ov = oVector<T>();
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  let a0 = start<T>(o), a1 = start<T>(o + ov);
  let b0 = start<T>(o1), b1 = start<T>(o1 + ov);
  let c0 = start<T>(o2), c1 = start<T>(o2 + ov);
  let d0 = start<T>(o3), d1 = start<T>(o3 + ov);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = splat0<T>(r);
    a0 = mulAdd<T>(a0, s0, u); a1 = mulAdd<T>(a1, s0, v);
    let s1 = splat1<T>(r);
    b0 = mulAdd<T>(b0, s1, u); b1 = mulAdd<T>(b1, s1, v);
    let s2 = splat2<T>(r);
    c0 = mulAdd<T>(c0, s2, u); c1 = mulAdd<T>(c1, s2, v);
    let s3 = splat3<T>(r);
    d0 = mulAdd<T>(d0, s3, u); d1 = mulAdd<T>(d1, s3, v);
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o + ov, a1);
  finish<T>(o1, b0); finish<T>(o1 + ov, b1);
  finish<T>(o2, c0); finish<T>(o2 + ov, c1);
  finish<T>(o3, d0); finish<T>(o3 + ov, d1);
}

// @ts-ignore: decorator
@inline function block4x1<T>(o: usize, osb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  let a0 = start<T>(o), b0 = start<T>(o1), c0 = start<T>(o2), d0 = start<T>(o3);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd<T>(a0, splat0<T>(r), u);
    b0 = mulAdd<T>(b0, splat1<T>(r), u);
    c0 = mulAdd<T>(c0, splat2<T>(r), u);
    d0 = mulAdd<T>(d0, splat3<T>(r), u);
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o1, b0); finish<T>(o2, c0); finish<T>(o3, d0);
}

// @ts-ignore: decorator
@inline function block2x2<T>(o: usize, osb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let ov = oVector<T>();
  let o1 = o + osb;
  let a0 = start<T>(o), a1 = start<T>(o + ov);
  let b0 = start<T>(o1), b1 = start<T>(o1 + ov);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = splat0<T>(r);
    a0 = mulAdd<T>(a0, s0, u); a1 = mulAdd<T>(a1, s0, v);
    let s1 = splat1<T>(r);
    b0 = mulAdd<T>(b0, s1, u); b1 = mulAdd<T>(b1, s1, v);
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o + ov, a1);
  finish<T>(o1, b0); finish<T>(o1 + ov, b1);
}

/** Two rows of O over four vectors: the two classes left over from the 4-class blocks (K ≡ 2, 3 mod 4) with the 8 accumulators of a 4 × 2 block. */
// @ts-ignore: decorator
@inline function block2x4<T>(o: usize, osb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let ov = oVector<T>();
  let o1 = o + osb;
  let a0 = start<T>(o), a1 = start<T>(o + ov), a2 = start<T>(o + 2 * ov), a3 = start<T>(o + 3 * ov);
  let b0 = start<T>(o1), b1 = start<T>(o1 + ov), b2 = start<T>(o1 + 2 * ov), b3 = start<T>(o1 + 3 * ov);
  for (let t = 0; t < rows; t++) {
    let u0 = v128.load(x);
    let u1 = v128.load(x, 16);
    let u2 = v128.load(x, 32);
    let u3 = v128.load(x, 48);
    let s0 = splat0<T>(r);
    let s1 = splat1<T>(r);
    a0 = mulAdd<T>(a0, s0, u0); a1 = mulAdd<T>(a1, s0, u1); a2 = mulAdd<T>(a2, s0, u2); a3 = mulAdd<T>(a3, s0, u3);
    b0 = mulAdd<T>(b0, s1, u0); b1 = mulAdd<T>(b1, s1, u1); b2 = mulAdd<T>(b2, s1, u2); b3 = mulAdd<T>(b3, s1, u3);
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o + ov, a1); finish<T>(o + 2 * ov, a2); finish<T>(o + 3 * ov, a3);
  finish<T>(o1, b0); finish<T>(o1 + ov, b1); finish<T>(o1 + 2 * ov, b2); finish<T>(o1 + 3 * ov, b3);
}

/** Also the f64 Hessian's last 2 × 2 diagonal block when s ≡ 2 (mod 4) (gram.ts). */
// @ts-ignore: decorator
@inline export function block2x1<T>(o: usize, osb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let o1 = o + osb;
  let a0 = start<T>(o), b0 = start<T>(o1);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd<T>(a0, splat0<T>(r), u);
    b0 = mulAdd<T>(b0, splat1<T>(r), u);
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o1, b0);
}

// @ts-ignore: decorator
@inline function block1x2<T>(o: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let ov = oVector<T>();
  let a0 = start<T>(o), a1 = start<T>(o + ov);
  for (let t = 0; t < rows; t++) {
    let s0 = splat0<T>(r);
    a0 = mulAdd<T>(a0, s0, v128.load(x));
    a1 = mulAdd<T>(a1, s0, v128.load(x, 16));
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o + ov, a1);
}

/** One row of O over four vectors: a class left over from the 4- and 2-class blocks (K odd). */
// @ts-ignore: decorator
@inline function block1x4<T>(o: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let ov = oVector<T>();
  let a0 = start<T>(o), a1 = start<T>(o + ov), a2 = start<T>(o + 2 * ov), a3 = start<T>(o + 3 * ov);
  for (let t = 0; t < rows; t++) {
    let s0 = splat0<T>(r);
    a0 = mulAdd<T>(a0, s0, v128.load(x));
    a1 = mulAdd<T>(a1, s0, v128.load(x, 16));
    a2 = mulAdd<T>(a2, s0, v128.load(x, 32));
    a3 = mulAdd<T>(a3, s0, v128.load(x, 48));
    x += sb; r += rsb;
  }
  finish<T>(o, a0); finish<T>(o + ov, a1); finish<T>(o + 2 * ov, a2); finish<T>(o + 3 * ov, a3);
}

// @ts-ignore: decorator
@inline function block1x1<T>(o: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = start<T>(o);
  for (let t = 0; t < rows; t++) {
    a0 = mulAdd<T>(a0, splat0<T>(r), v128.load(x));
    x += sb; r += rsb;
  }
  finish<T>(o, a0);
}

/**
 * Upper-triangle part of a Gram block: O[i..i+3][j] += Σ_t Y[t][0..3]·x[t][j] for j from
 * `j` to s (Y rows of 4 T, the weighted panel of gram.ts). `o` points at O[i][0].
 */
// @ts-ignore: decorator
@inline export function panelUpdate<T>(o: usize, osb: usize, Y: usize, x: usize, sb: usize, s: i32, j: i32, rows: i32): void {
  let ysb = <usize>sizeof<T>() << 2;
  let L = lanes<T>();
  for (; j + 2 * L <= s; j += 2 * L) block4x2<T>(o + (<usize>j << 3), osb, Y, ysb, x + <usize>j * sizeof<T>(), sb, rows);
  if (j < s) block4x1<T>(o + (<usize>j << 3), osb, Y, ysb, x + <usize>j * sizeof<T>(), sb, rows);
}

/**
 * g[k·s + j] (f64) += Σ_{t<rows} r[t·rs + k]·x[t·s + j] for k < K, j < s, with r and x in T
 * (s a multiple of lanes<T>()).
 */
export function accumulateOuter<T>(g: usize, K: i32, s: i32, r: usize, rs: i32, x: usize, rows: i32): void {
  let xsb = <usize>s * sizeof<T>();
  let gsb = <usize>s << 3;
  let rsb = <usize>rs * sizeof<T>();
  let L = lanes<T>();
  let K4 = K & ~3;
  let k = 0;
  for (; k < K4; k += 4) {
    let gk = g + <usize>k * gsb;
    let rk = r + <usize>k * sizeof<T>();
    let j = 0;
    for (; j + 2 * L <= s; j += 2 * L) block4x2<T>(gk + (<usize>j << 3), gsb, rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
    if (j < s) block4x1<T>(gk + (<usize>j << 3), gsb, rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
  }
  if (k + 2 <= K) {
    let gk = g + <usize>k * gsb;
    let rk = r + <usize>k * sizeof<T>();
    let j = 0;
    for (; j + 4 * L <= s; j += 4 * L) block2x4<T>(gk + (<usize>j << 3), gsb, rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
    if (j + 2 * L <= s) { block2x2<T>(gk + (<usize>j << 3), gsb, rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows); j += 2 * L; }
    if (j < s) block2x1<T>(gk + (<usize>j << 3), gsb, rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
    k += 2;
  }
  if (k < K) {
    let gk = g + <usize>k * gsb;
    let rk = r + <usize>k * sizeof<T>();
    let j = 0;
    for (; j + 4 * L <= s; j += 4 * L) block1x4<T>(gk + (<usize>j << 3), rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
    if (j + 2 * L <= s) { block1x2<T>(gk + (<usize>j << 3), rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows); j += 2 * L; }
    if (j < s) block1x1<T>(gk + (<usize>j << 3), rk, rsb, x + <usize>j * sizeof<T>(), xsb, rows);
  }
}

/**
 * G += Rᵀ X̂_tile for the tile's f64 residuals R (rows × KP): the f32 kernels first round R to
 * f32 into R32, because their f32x4 update splats f32 residuals.
 */
// @ts-ignore: decorator
@inline export function accumulateResiduals<T>(g: usize, K: i32, s: i32, R: usize, R32: usize, KP: i32, x: usize, rows: i32): void {
  if (sizeof<T>() == 8) {
    accumulateOuter<f64>(g, K, s, R, KP, x, rows);
  } else {
    demotePairs(R, R32, <usize>rows * <usize>KP);
    accumulateOuter<f32>(g, K, s, R32, KP, x, rows);
  }
}
