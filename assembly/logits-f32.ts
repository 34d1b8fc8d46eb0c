// f32 register blocks of the logits pass (logits.ts): z[t][k] = Σ_j θ32[k][j]·x̂[t][j] for 2 or
// 1 rows × 4, 2 or 1 classes, with X̂ and θ (rounded once to f32 per call, as class panels) f32
// and z f64.
//
// The same blocks as logits-f64.ts — the 2 × 4 block keeps 8 f32x4 accumulators and does 6 loads
// per 64 flops, walking x and θ by pointer increments — but each step covers 4 columns, and the sums are chunked for accuracy: each lane
// adds at most CHUNK/4 = 32 f32 products; at the end of every chunk of CHUNK columns the four
// lanes are widened to f64 and summed ((l0 + l2) + (l1 + l3)), and chunk sums are added to the
// f64 logit in column order. A logit's operations are the same in every block shape, so its bits
// do not depend on the blocking and lossGradient32 and probabilities32 agree bit for bit.

import { hsumWide, mulAdd } from "./simd";

/**
 * Columns a logit sums in f32x4 lanes before the partial sum is added (in f64) to the logit:
 * each f32 lane then adds at most CHUNK / 4 products.
 */
// @ts-ignore: decorator
@inline const CHUNK: i32 = 128;

// @ts-ignore: decorator
@inline const CHUNKB: usize = <usize>CHUNK << 2;

// Chunk 0 stores, later chunks add (in f64).
// @ts-ignore: decorator
@inline function put(z: usize, a: v128, first: bool): void {
  let v = hsumWide(a);
  if (!first) v = load<f64>(z) + v;
  store<f64>(z, v);
}

// @ts-ignore: decorator
@inline export function rows2classes4(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let z1 = z0 + zsb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
    while (x0 < ce) {
      let u = v128.load(x0);
      let v = v128.load(x1);
      let t0 = v128.load(tp);
      let t1 = v128.load(tp, 16);
      let t2 = v128.load(tp, 32);
      let t3 = v128.load(tp, 48);
      a0 = mulAdd<f32>(a0, u, t0); a1 = mulAdd<f32>(a1, u, t1); a2 = mulAdd<f32>(a2, u, t2); a3 = mulAdd<f32>(a3, u, t3);
      b0 = mulAdd<f32>(b0, v, t0); b1 = mulAdd<f32>(b1, v, t1); b2 = mulAdd<f32>(b2, v, t2); b3 = mulAdd<f32>(b3, v, t3);
      x0 += 16; x1 += 16; tp += 64;
    }
    put(z0, a0, first); put(z0 + 8, a1, first); put(z0 + 16, a2, first); put(z0 + 24, a3, first);
    put(z1, b0, first); put(z1 + 8, b1, first); put(z1 + 16, b2, first); put(z1 + 24, b3, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline export function rows1classes4(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    while (x0 < ce) {
      let u = v128.load(x0);
      a0 = mulAdd<f32>(a0, u, v128.load(tp));
      a1 = mulAdd<f32>(a1, u, v128.load(tp, 16));
      a2 = mulAdd<f32>(a2, u, v128.load(tp, 32));
      a3 = mulAdd<f32>(a3, u, v128.load(tp, 48));
      x0 += 16; tp += 64;
    }
    put(z0, a0, first); put(z0 + 8, a1, first); put(z0 + 16, a2, first); put(z0 + 24, a3, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline export function rows2classes2(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let z1 = z0 + zsb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    while (x0 < ce) {
      let u = v128.load(x0);
      let v = v128.load(x1);
      let t0 = v128.load(tp);
      let t1 = v128.load(tp, 16);
      a0 = mulAdd<f32>(a0, u, t0); a1 = mulAdd<f32>(a1, u, t1);
      b0 = mulAdd<f32>(b0, v, t0); b1 = mulAdd<f32>(b1, v, t1);
      x0 += 16; x1 += 16; tp += 32;
    }
    put(z0, a0, first); put(z0 + 8, a1, first);
    put(z1, b0, first); put(z1 + 8, b1, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline export function rows1classes2(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    while (x0 < ce) {
      let u = v128.load(x0);
      a0 = mulAdd<f32>(a0, u, v128.load(tp));
      a1 = mulAdd<f32>(a1, u, v128.load(tp, 16));
      x0 += 16; tp += 32;
    }
    put(z0, a0, first); put(z0 + 8, a1, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline export function rows2classes1(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let z1 = z0 + zsb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a = f32x4.splat(0), b = f32x4.splat(0);
    while (x0 < ce) {
      let t = v128.load(tp);
      a = mulAdd<f32>(a, v128.load(x0), t);
      b = mulAdd<f32>(b, v128.load(x1), t);
      x0 += 16; x1 += 16; tp += 16;
    }
    put(z0, a, first); put(z1, b, first);
    first = false;
  }
}

// @ts-ignore: decorator
@inline export function rows1classes1(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let first = true;
  while (x0 < end) {
    let ce = min(x0 + CHUNKB, end);
    let a = f32x4.splat(0);
    while (x0 < ce) {
      a = mulAdd<f32>(a, v128.load(x0), v128.load(tp));
      x0 += 16; tp += 16;
    }
    put(z0, a, first);
    first = false;
  }
}
