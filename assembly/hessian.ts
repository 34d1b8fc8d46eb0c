// Block Hessian of the weighted cross-entropy: for each class pair k ≤ l the
// s×s block H_kl = X̂ᵀ diag(a_kl) X̂ with a_kl,n = w_n p_nk (δ_kl − p_nl).
//
// Per row tile and pair, a weighted Gram matrix is accumulated into the upper
// triangle only (4×4 register blocks with j-block ≥ i-block; diagonal blocks
// compute their full 4×4, their lower entries are left to the caller's
// mirroring). For an i-block the tile's weighted rows a_t·x̂_t[i..i+3] are
// formed once into a small panel Y, then every j-block to its right streams
// x̂_t[j..j+3] pairs against splats from Y: 2 loads + 4 splats per 32 flops
// with 8 accumulators in registers. Each entry sums rows in order, so the bits
// do not depend on the tiling.
//
// Flop count used in benchmarks: 2·n·(d+1)(d+2)/2·K(K+1)/2.

import { HTILE, hessianWeights, zeroDoubles } from "./tile";

// Separate multiply and add: deterministic WebAssembly SIMD has no fused
// multiply-add (relaxed_madd may or may not fuse, depending on the engine).
// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b));
}

// o points at out[i][j] (4 rows i..i+3 of stride osb); Y rows are 32 bytes.
// @ts-ignore: decorator
@inline function rows4cols4(o: usize, osb: usize, Y: usize, x: usize, sb: usize, rows: i32): void {
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  let a0 = v128.load(o), a1 = v128.load(o, 16);
  let b0 = v128.load(o1), b1 = v128.load(o1, 16);
  let c0 = v128.load(o2), c1 = v128.load(o2, 16);
  let d0 = v128.load(o3), d1 = v128.load(o3, 16);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load64_splat(Y);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load64_splat(Y, 8);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    let s2 = v128.load64_splat(Y, 16);
    c0 = mulAdd(c0, s2, u); c1 = mulAdd(c1, s2, v);
    let s3 = v128.load64_splat(Y, 24);
    d0 = mulAdd(d0, s3, u); d1 = mulAdd(d1, s3, v);
    x += sb; Y += 32;
  }
  v128.store(o, a0); v128.store(o, a1, 16);
  v128.store(o1, b0); v128.store(o1, b1, 16);
  v128.store(o2, c0); v128.store(o2, c1, 16);
  v128.store(o3, d0); v128.store(o3, d1, 16);
}

// @ts-ignore: decorator
@inline function rows4cols2(o: usize, osb: usize, Y: usize, x: usize, sb: usize, rows: i32): void {
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  let a0 = v128.load(o), b0 = v128.load(o1), c0 = v128.load(o2), d0 = v128.load(o3);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load64_splat(Y), u);
    b0 = mulAdd(b0, v128.load64_splat(Y, 8), u);
    c0 = mulAdd(c0, v128.load64_splat(Y, 16), u);
    d0 = mulAdd(d0, v128.load64_splat(Y, 24), u);
    x += sb; Y += 32;
  }
  v128.store(o, a0); v128.store(o1, b0); v128.store(o2, c0); v128.store(o3, d0);
}

// @ts-ignore: decorator
@inline function rows2cols2(o: usize, osb: usize, Y: usize, x: usize, sb: usize, rows: i32): void {
  let o1 = o + osb;
  let a0 = v128.load(o), b0 = v128.load(o1);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load64_splat(Y), u);
    b0 = mulAdd(b0, v128.load64_splat(Y, 8), u);
    x += sb; Y += 32;
  }
  v128.store(o, a0); v128.store(o1, b0);
}

/** out[i][j] += Σ_t a_t·x_t[i]·x_t[j] for i ≤ j (at least), over `rows` rows. */
function weightedGramUpper(out: usize, s: i32, a: usize, Y: usize, x: usize, rows: i32): void {
  let sb = <usize>s << 3;
  let s4 = <usize>(s & ~3) << 3;
  let i: usize = 0;
  for (; i < s4; i += 32) {
    // Panel of weighted rows for output rows i..i+3 (byte offset i).
    let xp = x + i;
    for (let t = 0; t < rows; t++) {
      let at = v128.load64_splat(a + (<usize>t << 3));
      let yp = Y + (<usize>t << 5);
      v128.store(yp, f64x2.mul(at, v128.load(xp)));
      v128.store(yp, f64x2.mul(at, v128.load(xp, 16)), 16);
      xp += sb;
    }
    let orow = out + (i >> 3) * sb;
    let j = i;
    for (; j < s4; j += 32) rows4cols4(orow + j, sb, Y, x + j, sb, rows);
    if (j < sb) rows4cols2(orow + j, sb, Y, x + j, sb, rows);
  }
  if (i < sb) {
    let xp = x + i;
    for (let t = 0; t < rows; t++) {
      let at = v128.load64_splat(a + (<usize>t << 3));
      v128.store(Y + (<usize>t << 5), f64x2.mul(at, v128.load(xp)));
      xp += sb;
    }
    rows2cols2(out + (i >> 3) * sb + i, sb, Y, x + i, sb, rows);
  }
}

/**
 * For every pair k ≤ l (block b in row-major upper-triangle order), block b at
 * out + b·s·s doubles is overwritten with Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ
 * on and above its diagonal.
 */
export function hessian(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  let sb = <usize>s << 3;
  let kb = <usize>K << 3;
  let blockBytes = <usize>s * sb;
  let A = hessianWeights(scratch);
  let Y = A + (<usize>HTILE << 3);
  zeroDoubles(out, (<usize>(K * (K + 1)) >> 1) * <usize>s * <usize>s);
  for (let t0 = 0; t0 < n; t0 += HTILE) {
    let rows = min(HTILE, n - t0);
    let xt = x + <usize>t0 * sb;
    let pt = p + <usize>t0 * kb;
    let wt = w + (<usize>t0 << 3);
    let ob = out;
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++) {
        let delta = k == l ? 1.0 : 0.0;
        let ko = <usize>k << 3, lo = <usize>l << 3;
        for (let t = 0; t < rows; t++) {
          let pr = pt + <usize>t * kb;
          let wpk = load<f64>(wt + (<usize>t << 3)) * load<f64>(pr + ko);
          store<f64>(A + (<usize>t << 3), wpk * (delta - load<f64>(pr + lo)));
        }
        weightedGramUpper(ob, s, A, Y, xt, rows);
        ob += blockBytes;
      }
    }
  }
}
