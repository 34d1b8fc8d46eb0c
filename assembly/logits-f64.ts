// f64 register blocks of the logits pass (logits.ts): z[t][k] = Σ_j θ[k][j]·x̂[t][j] for 2 or 1
// rows × 4, 2 or 1 classes, X̂ and θ f64, θ as class panels (logits.ts: the c classes' pairs of
// one column pair side by side, so a block reads θ through one pointer at constant offsets).
//
// Each logit is a dot product vectorized along j in f64x2 pairs (the zero padding of every row to
// an even stride s means no scalar tail), summed lane-wise over the whole row and finished as
// lane 0 + lane 1. The 2 × 4 block keeps 8 accumulators (+ 6 operands = 14 of the 15 xmm
// registers V8 hands out) and does 6 loads per 32 flops; each loaded x pair is reused 4 times and
// each θ pair twice. The loops step two column pairs at a time (one pointer increment per stream
// and one loop test per 64 flops: V8 puts an interrupt check on every loop back edge); the second
// pair goes into the same accumulators, so the order of the additions is the plain j order.
// Every block performs exactly the same per-logit operations in the same order, so a logit's
// bits never depend on which block computed it (lossGradient and probabilities agree bit for
// bit).

import { hsum, mulAdd } from "./simd";

// @ts-ignore: decorator
@inline export function rows2classes4(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0), b1 = f64x2.splat(0), b2 = f64x2.splat(0), b3 = f64x2.splat(0);
  while (x0 < end) {
    let u = v128.load(x0);
    let v = v128.load(x1);
    let t0 = v128.load(tp);
    let t1 = v128.load(tp, 16);
    let t2 = v128.load(tp, 32);
    let t3 = v128.load(tp, 48);
    a0 = mulAdd<f64>(a0, u, t0); a1 = mulAdd<f64>(a1, u, t1); a2 = mulAdd<f64>(a2, u, t2); a3 = mulAdd<f64>(a3, u, t3);
    b0 = mulAdd<f64>(b0, v, t0); b1 = mulAdd<f64>(b1, v, t1); b2 = mulAdd<f64>(b2, v, t2); b3 = mulAdd<f64>(b3, v, t3);
    x0 += 16; x1 += 16; tp += 64;
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  store<f64>(z0, hsum(a2), 16); store<f64>(z0, hsum(a3), 24);
  let z1 = z0 + zsb;
  store<f64>(z1, hsum(b0)); store<f64>(z1, hsum(b1), 8);
  store<f64>(z1, hsum(b2), 16); store<f64>(z1, hsum(b3), 24);
}

// @ts-ignore: decorator
@inline export function rows1classes4(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  while (x0 < end) {
    let u = v128.load(x0);
    a0 = mulAdd<f64>(a0, u, v128.load(tp));
    a1 = mulAdd<f64>(a1, u, v128.load(tp, 16));
    a2 = mulAdd<f64>(a2, u, v128.load(tp, 32));
    a3 = mulAdd<f64>(a3, u, v128.load(tp, 48));
    x0 += 16; tp += 64;
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  store<f64>(z0, hsum(a2), 16); store<f64>(z0, hsum(a3), 24);
}

// @ts-ignore: decorator
@inline export function rows2classes2(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), b0 = f64x2.splat(0), b1 = f64x2.splat(0);
  while (x0 + 32 <= end) {
    let u = v128.load(x0);
    let v = v128.load(x1);
    let t0 = v128.load(tp);
    let t1 = v128.load(tp, 16);
    a0 = mulAdd<f64>(a0, u, t0); a1 = mulAdd<f64>(a1, u, t1);
    b0 = mulAdd<f64>(b0, v, t0); b1 = mulAdd<f64>(b1, v, t1);
    u = v128.load(x0, 16);
    v = v128.load(x1, 16);
    t0 = v128.load(tp, 32);
    t1 = v128.load(tp, 48);
    a0 = mulAdd<f64>(a0, u, t0); a1 = mulAdd<f64>(a1, u, t1);
    b0 = mulAdd<f64>(b0, v, t0); b1 = mulAdd<f64>(b1, v, t1);
    x0 += 32; x1 += 32; tp += 64;
  }
  if (x0 < end) {
    let u = v128.load(x0);
    let v = v128.load(x1);
    let t0 = v128.load(tp);
    let t1 = v128.load(tp, 16);
    a0 = mulAdd<f64>(a0, u, t0); a1 = mulAdd<f64>(a1, u, t1);
    b0 = mulAdd<f64>(b0, v, t0); b1 = mulAdd<f64>(b1, v, t1);
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  let z1 = z0 + zsb;
  store<f64>(z1, hsum(b0)); store<f64>(z1, hsum(b1), 8);
}

// @ts-ignore: decorator
@inline export function rows1classes2(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  while (x0 < end) {
    let u = v128.load(x0);
    a0 = mulAdd<f64>(a0, u, v128.load(tp));
    a1 = mulAdd<f64>(a1, u, v128.load(tp, 16));
    x0 += 16; tp += 32;
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
}

// @ts-ignore: decorator
@inline export function rows2classes1(x0: usize, tp: usize, sb: usize, z0: usize, zsb: usize): void {
  let x1 = x0 + sb;
  let end = x1;
  let a = f64x2.splat(0), b = f64x2.splat(0);
  while (x0 + 32 <= end) {
    let t = v128.load(tp);
    a = mulAdd<f64>(a, v128.load(x0), t);
    b = mulAdd<f64>(b, v128.load(x1), t);
    t = v128.load(tp, 16);
    a = mulAdd<f64>(a, v128.load(x0, 16), t);
    b = mulAdd<f64>(b, v128.load(x1, 16), t);
    x0 += 32; x1 += 32; tp += 32;
  }
  if (x0 < end) {
    let t = v128.load(tp);
    a = mulAdd<f64>(a, v128.load(x0), t);
    b = mulAdd<f64>(b, v128.load(x1), t);
  }
  store<f64>(z0, hsum(a));
  store<f64>(z0 + zsb, hsum(b));
}

// @ts-ignore: decorator
@inline export function rows1classes1(x0: usize, tp: usize, sb: usize, z0: usize): void {
  let end = x0 + sb;
  let a = f64x2.splat(0);
  while (x0 < end) {
    a = mulAdd<f64>(a, v128.load(x0), v128.load(tp));
    x0 += 16; tp += 16;
  }
  store<f64>(z0, hsum(a));
}
