// f32 logits of a tile of rows: z[t][k] = Σ_j θ32[k][j]·x[t][j] with X̂ and
// θ (rounded once to f32 per call) both f32, z in f64.
//
// Same register block as logits.ts — 2 rows × 4 classes = 8 f32x4
// accumulators, 6 loads per 64 flops — but each step covers 4 columns.
// Accuracy: each lane adds at most CHUNK32/4 = 32 f32 products; at the end of
// every chunk of CHUNK32 columns the four lanes are widened to f64 and summed
// ((l0 + l2) + (l1 + l3)), and chunk sums are added to the f64 logit in
// column order. A logit's operations are the same in every block shape (2- or
// 1-row, 4-, 2- or 1-class), so its bits do not depend on the blocking and
// lossGradient32 and probabilities32 agree bit for bit.
//
// The 2-row kernels touch the rows PF_ROWS32 ahead (one u64 per 32 bytes),
// like logits.ts.

import { CHUNK32 } from "./tile32";

/** How many rows ahead the f32 logits pass touches X̂. */
// @ts-ignore: decorator
@inline const PF_ROWS32: i32 = 8;

// @ts-ignore: decorator
@inline const CHUNKB: usize = <usize>CHUNK32 << 2;

/** Sum of the four f32 lanes of `a`, in f64: (a0 + a2) + (a1 + a3). */
// @ts-ignore: decorator
@inline export function hsum32(a: v128): f64 {
  let p = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 2, 3)));
  return f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1);
}

// Chunk 0 stores, later chunks add (in f64).
// @ts-ignore: decorator
@inline function put(z: usize, a: v128, first: bool): void {
  let v = hsum32(a);
  if (!first) v = load<f64>(z) + v;
  store<f64>(z, v);
}

// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function rows2classes4(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let th1 = th + sb, th2 = th1 + sb, th3 = th2 + sb;
  let z1 = z0 + zsb;
  let touch: u64 = 0;
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    for (; j < je; j += 16) {
      touch |= load<u64>(pf + (j << 1));
      let u = v128.load(x0 + j);
      let v = v128.load(x1 + j);
      let t0 = v128.load(th + j);
      let t1 = v128.load(th1 + j);
      let t2 = v128.load(th2 + j);
      let t3 = v128.load(th3 + j);
      a0 = mulAdd(a0, u, t0); a1 = mulAdd(a1, u, t1); a2 = mulAdd(a2, u, t2); a3 = mulAdd(a3, u, t3);
      b0 = mulAdd(b0, v, t0); b1 = mulAdd(b1, v, t1); b2 = mulAdd(b2, v, t2); b3 = mulAdd(b3, v, t3);
    }
    put(z0, a0, first); put(z0 + 8, a1, first); put(z0 + 16, a2, first); put(z0 + 24, a3, first);
    put(z1, b0, first); put(z1 + 8, b1, first); put(z1 + 16, b2, first); put(z1 + 24, b3, first);
    first = false;
  }
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes4(x0: usize, th: usize, sb: usize, z0: usize): void {
  let th1 = th + sb, th2 = th1 + sb, th3 = th2 + sb;
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (; j < je; j += 16) {
      let u = v128.load(x0 + j);
      a0 = mulAdd(a0, u, v128.load(th + j));
      a1 = mulAdd(a1, u, v128.load(th1 + j));
      a2 = mulAdd(a2, u, v128.load(th2 + j));
      a3 = mulAdd(a3, u, v128.load(th3 + j));
    }
    put(z0, a0, first); put(z0 + 8, a1, first); put(z0 + 16, a2, first); put(z0 + 24, a3, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline function rows2classes2(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let th1 = th + sb;
  let z1 = z0 + zsb;
  let touch: u64 = 0;
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (; j < je; j += 16) {
      touch |= load<u64>(pf + (j << 1));
      let u = v128.load(x0 + j);
      let v = v128.load(x1 + j);
      let t0 = v128.load(th + j);
      let t1 = v128.load(th1 + j);
      a0 = mulAdd(a0, u, t0); a1 = mulAdd(a1, u, t1);
      b0 = mulAdd(b0, v, t0); b1 = mulAdd(b1, v, t1);
    }
    put(z0, a0, first); put(z0 + 8, a1, first);
    put(z1, b0, first); put(z1 + 8, b1, first);
    first = false;
  }
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes2(x0: usize, th: usize, sb: usize, z0: usize): void {
  let th1 = th + sb;
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    for (; j < je; j += 16) {
      let u = v128.load(x0 + j);
      a0 = mulAdd(a0, u, v128.load(th + j));
      a1 = mulAdd(a1, u, v128.load(th1 + j));
    }
    put(z0, a0, first); put(z0 + 8, a1, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline function rows2classes1(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let z1 = z0 + zsb;
  let touch: u64 = 0;
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a = f32x4.splat(0), b = f32x4.splat(0);
    for (; j < je; j += 16) {
      touch |= load<u64>(pf + (j << 1));
      let t = v128.load(th + j);
      a = mulAdd(a, v128.load(x0 + j), t);
      b = mulAdd(b, v128.load(x1 + j), t);
    }
    put(z0, a, first); put(z1, b, first);
    first = false;
  }
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes1(x0: usize, th: usize, sb: usize, z0: usize): void {
  let first = true;
  let j: usize = 0;
  while (j < sb) {
    let je = min(j + CHUNKB, sb);
    let a = f32x4.splat(0);
    for (; j < je; j += 16) a = mulAdd(a, v128.load(x0 + j), v128.load(th + j));
    put(z0, a, first);
    first = false;
  }
}

/**
 * z[t·zs + k] = Σ_j θ32[k·s + j]·x[t·s + j] (f32 operands, f64 result) for
 * t < rows, k < K. `x` points at the tile's first f32 row, `theta32` at K×s
 * floats; `zs` is z's row stride in doubles; `avail` is how many rows of X̂
 * exist from `x` on (bounds the touch-ahead); `sink` is a 16-byte slot.
 */
export function logitsTile32(x: usize, rows: i32, s: i32, K: i32, theta32: usize, z: usize, zs: i32, avail: i32, sink: usize): void {
  let sb = <usize>s << 2;
  let zsb = <usize>zs << 3;
  let K4 = K & ~3;
  let t = 0;
  for (; t + 2 <= rows; t += 2) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let pf = t + PF_ROWS32 + 2 <= avail ? xr + <usize>PF_ROWS32 * sb : xr;
    let k = 0;
    for (; k < K4; k += 4) rows2classes4(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink);
    if (k + 2 <= K) { rows2classes2(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink); k += 2; }
    if (k < K) rows2classes1(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink);
  }
  if (t < rows) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let k = 0;
    for (; k < K4; k += 4) rows1classes4(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3));
    if (k + 2 <= K) { rows1classes2(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3)); k += 2; }
    if (k < K) rows1classes1(xr, theta32 + <usize>k * sb, sb, zr + (<usize>k << 3));
  }
}
