// float32 block Hessian: X̂ is f32, the blocks H_kl = X̂ᵀ diag(a_kl) X̂ are f64
// (same layout and upper-triangle contract as hessian.ts).
//
// Per row tile (HTILE32 rows) and class pair k < l, a_t = −w_t p_tk p_tl is
// formed in f64 as in hessian.ts; for each 4-row i-block the panel
// Y[t] = a_t·x̂_t[i..i+3] is computed in f64 and rounded once to f32. Every
// 4 × 8 (or 4 × 4) block of entries on or right of the diagonal block is
// then summed over the tile's rows in f32x4 lanes (rows in order; 8
// accumulators, 2 loads + 4 splats per 64 flops) and added to the f64 block
// once per tile, so f32 sums never span more than HTILE32 rows. The diagonal
// blocks are assembled from the off-diagonal ones at the end (see hessian32),
// so the kernel sums K(K−1)/2 Gram blocks where hessian sums K(K+1)/2.

import { zeroDoubles } from "./tile";
import { HTILE32, hessianWeights32 } from "./tile32";
import { addWide } from "./accumulate32";

// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

// o: out[i][j] (f64, 4 rows of stride osb); Y rows are 16 bytes (4 floats).
// @ts-ignore: decorator
@inline function rows4cols8(o: usize, osb: usize, Y: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load32_splat(Y);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load32_splat(Y, 4);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    let s2 = v128.load32_splat(Y, 8);
    c0 = mulAdd(c0, s2, u); c1 = mulAdd(c1, s2, v);
    let s3 = v128.load32_splat(Y, 12);
    d0 = mulAdd(d0, s3, u); d1 = mulAdd(d1, s3, v);
    x += sb; Y += 16;
  }
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  addWide(o, a0); addWide(o + 32, a1);
  addWide(o1, b0); addWide(o1 + 32, b1);
  addWide(o2, c0); addWide(o2 + 32, c1);
  addWide(o3, d0); addWide(o3 + 32, d1);
}

// @ts-ignore: decorator
@inline function rows4cols4(o: usize, osb: usize, Y: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), c0 = f32x4.splat(0), d0 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load32_splat(Y), u);
    b0 = mulAdd(b0, v128.load32_splat(Y, 4), u);
    c0 = mulAdd(c0, v128.load32_splat(Y, 8), u);
    d0 = mulAdd(d0, v128.load32_splat(Y, 12), u);
    x += sb; Y += 16;
  }
  let o1 = o + osb, o2 = o1 + osb, o3 = o2 + osb;
  addWide(o, a0); addWide(o1, b0); addWide(o2, c0); addWide(o3, d0);
}

/** out[i][j] (f64) += Σ_t a_t·x_t[i]·x_t[j] for i ≤ j (at least); x f32, s a multiple of 4. */
function weightedGramUpper32(out: usize, s: i32, a: usize, Y: usize, x: usize, rows: i32): void {
  let xsb = <usize>s << 2;
  let osb = <usize>s << 3;
  let su = <usize>s;
  for (let i: usize = 0; i < su; i += 4) {
    // Panel of weighted rows for output rows i..i+3: f64 products, one rounding.
    let xp = x + (i << 2);
    for (let t = 0; t < rows; t++) {
      let at = v128.load64_splat(a + (<usize>t << 3));
      let xv = v128.load(xp);
      let lo = f32x4.demote_f64x2_zero(f64x2.mul(at, f64x2.promote_low_f32x4(xv)));
      let hi = f32x4.demote_f64x2_zero(f64x2.mul(at, f64x2.promote_low_f32x4(v128.shuffle<i32>(xv, xv, 2, 3, 2, 3))));
      v128.store(Y + (<usize>t << 4), v128.shuffle<i32>(lo, hi, 0, 1, 4, 5));
      xp += xsb;
    }
    let orow = out + i * osb;
    let j = i;
    for (; j + 8 <= su; j += 8) rows4cols8(orow + (j << 3), osb, Y, x + (j << 2), xsb, rows);
    if (j < su) rows4cols4(orow + (j << 3), osb, Y, x + (j << 2), xsb, rows);
  }
}

/**
 * For every pair k ≤ l (block b in row-major upper-triangle order), block b at
 * out + b·s·s doubles is overwritten with Σ_n w_n p_nk (δ_kl − p_nl) x̂_n x̂_nᵀ
 * on and above its diagonal (x̂ f32, p, w and out f64).
 *
 * Only the K(K−1)/2 off-diagonal blocks are summed over the rows; each
 * diagonal block is then formed as H_kk = −Σ_{l≠k} H_kl (l ascending, f64),
 * which is the same matrix because p_k (1 − p_k) = Σ_{l≠k} p_k p_l. This
 * writes H as the "Laplacian" Σ_{k<l} (e_k − e_l)(e_k − e_l)ᵀ ⊗ A_kl with
 * A_kl = Σ_n w p_k p_l x̂x̂ᵀ, so H·(1 ⊗ c) = 0 holds up to f64 rounding of the
 * block sums, as it does exactly: the f32 rounding of the tile sums cannot
 * make H + λI indefinite along the directions softmax is invariant to (where
 * only λ pins θ), and H stays positive semidefinite whenever the A_kl are.
 */
export function hessian32(x: usize, n: i32, s: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  let sb = <usize>s << 2;
  let kb = <usize>K << 3;
  let osb = <usize>s << 3;
  let blockBytes = <usize>s * osb;
  let A = hessianWeights32(scratch);
  let Y = A + (<usize>HTILE32 << 3);
  zeroDoubles(out, (<usize>(K * (K + 1)) >> 1) * <usize>s * <usize>s);
  for (let t0 = 0; t0 < n; t0 += HTILE32) {
    let rows = min(HTILE32, n - t0);
    let xt = x + <usize>t0 * sb;
    let pt = p + <usize>t0 * kb;
    let wt = w + (<usize>t0 << 3);
    let ob = out;
    for (let k = 0; k < K; k++) {
      ob += blockBytes; // the diagonal block (k, k) is assembled below
      for (let l = k + 1; l < K; l++) {
        let ko = <usize>k << 3, lo = <usize>l << 3;
        for (let t = 0; t < rows; t++) {
          let pr = pt + <usize>t * kb;
          let wpk = load<f64>(wt + (<usize>t << 3)) * load<f64>(pr + ko);
          store<f64>(A + (<usize>t << 3), wpk * (0.0 - load<f64>(pr + lo)));
        }
        weightedGramUpper32(ob, s, A, Y, xt, rows);
        ob += blockBytes;
      }
    }
  }
  // H_kk = −Σ_{l≠k} H_kl on and above the diagonal (pairs of entries from the
  // even column at or before the diagonal; an entry left of it is unspecified).
  for (let k = 0; k < K; k++) {
    let dk = out + <usize>blockIndex(k, k, K) * blockBytes;
    for (let l = 0; l < K; l++) {
      if (l == k) continue;
      let bl = out + <usize>(l < k ? blockIndex(l, k, K) : blockIndex(k, l, K)) * blockBytes;
      for (let i: usize = 0; i < <usize>s; i++) {
        let ro = i * osb;
        for (let j = (i & ~1) << 3; j < osb; j += 16) {
          let q = dk + ro + j;
          v128.store(q, f64x2.sub(v128.load(q), v128.load(bl + ro + j)));
        }
      }
    }
  }
}

/** Index of block (k, l), k ≤ l, in row-major upper-triangle order. */
// @ts-ignore: decorator
@inline function blockIndex(k: i32, l: i32, K: i32): i32 {
  return k * K - ((k * (k - 1)) >> 1) + (l - k);
}
