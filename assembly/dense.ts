// Dense linear algebra for the solvers' preconditioner: the Cholesky factor of an m × m
// symmetric positive-definite matrix and the solve with it for K right-hand sides at once.
// Matrices are f64, row-major with leading dimension lda (≥ m, the padded stride s of the
// kernels), so the Gram matrix the weighted-Gram kernels write is factorised in place.
//
// The factorisation reads the UPPER triangle (what the Gram kernels produce) and writes L to
// the lower one: A = L Lᵀ, with the diagonal overwritten by L's and the strict upper triangle
// left as it was (a caller that retries with a larger ridge restores only the diagonal).
// Row-oriented ("row Cholesky"): row i of L is built left to right from the rows above it, so
// the row being built stays in L1 while the earlier rows stream past; two columns j, j+1 at a
// time share the loads of row i. m³/3 flops.
//
// The solve works on the K right-hand sides interleaved (row i of Z holds entry i of every
// class), so each step of the substitutions is KP/2 f64x2 operations on contiguous memory and
// L is read by rows in both sweeps (the back substitution as column axpys of L's rows). 2·K·m²
// flops.
//
// Only IEEE-exact operations (no FMA), so the results are the same bits in every engine.

import { hsum } from "./simd";

/** Σ_{k<n} a[k]·b[k] (f64), two lanes at a time. */
// @ts-ignore: decorator
@inline function dot(a: usize, b: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  let k = 0;
  for (; k + 2 <= n; k += 2) {
    let o = <usize>k << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = hsum(acc);
  if (k < n) s += load<f64>(a + (<usize>k << 3)) * load<f64>(b + (<usize>k << 3));
  return s;
}

/**
 * A = L Lᵀ in place (see above). Returns 1 on success, 0 when a pivot (the value under the
 * square root) is not above minPivot: A is not numerically positive definite.
 */
export function cholesky(a: usize, m: i32, lda: i32, minPivot: f64): i32 {
  let rb = <usize>lda << 3;
  for (let i = 0; i < m; i++) {
    let ri = a + <usize>i * rb;
    let j = 0;
    // Two entries L_ij, L_i,j+1 at a time: the dots over k < j share row i's loads.
    for (; j + 2 <= i; j += 2) {
      let rj = a + <usize>j * rb;
      let rj1 = rj + rb;
      let acc0 = f64x2.splat(0);
      let acc1 = f64x2.splat(0);
      let k = 0;
      for (; k + 2 <= j; k += 2) {
        let o = <usize>k << 3;
        let li = v128.load(ri + o);
        acc0 = f64x2.add(acc0, f64x2.mul(li, v128.load(rj + o)));
        acc1 = f64x2.add(acc1, f64x2.mul(li, v128.load(rj1 + o)));
      }
      let s0 = hsum(acc0);
      let s1 = hsum(acc1);
      // j is even, so k = j here: no odd tail.
      let jo = <usize>j << 3;
      // a_ij from the upper triangle: row j, column i.
      let lij = (load<f64>(rj + (<usize>i << 3)) - s0) / load<f64>(rj + jo);
      store<f64>(ri + jo, lij);
      s1 += lij * load<f64>(rj1 + jo);
      let lij1 = (load<f64>(rj1 + (<usize>i << 3)) - s1) / load<f64>(rj1 + jo + 8);
      store<f64>(ri + jo + 8, lij1);
    }
    if (j < i) {
      let rj = a + <usize>j * rb;
      let lij = (load<f64>(rj + (<usize>i << 3)) - dot(ri, rj, j)) / load<f64>(rj + (<usize>j << 3));
      store<f64>(ri + (<usize>j << 3), lij);
    }
    let io = <usize>i << 3;
    let pivot = load<f64>(ri + io) - dot(ri, ri, i);
    if (!(pivot > minPivot)) return 0;
    store<f64>(ri + io, Math.sqrt(pivot));
  }
  return 1;
}

/**
 * out = (L Lᵀ)⁻¹ v for each of K class rows: v and out are K rows of stride vs doubles (only
 * the first m entries of each are read and written; out may be v), L from cholesky (lower
 * triangle, leading dimension lda). z is scratch of m·KP doubles, KP = K rounded up to even.
 */
export function solveClasses(l: usize, m: i32, lda: i32, K: i32, v: usize, vs: i32, out: usize, z: usize): void {
  let rb = <usize>lda << 3;
  let vb = <usize>vs << 3;
  let KP = (K + 1) & ~1;
  let kb = <usize>KP << 3;
  // Interleave: Z[i][k] = v[k][i]; the pad lane of odd K is 0.
  for (let i = 0; i < m; i++) {
    let zi = z + <usize>i * kb;
    for (let k = 0; k < K; k++) store<f64>(zi + (<usize>k << 3), load<f64>(v + <usize>k * vb + (<usize>i << 3)));
    if (K & 1) store<f64>(zi + (<usize>K << 3), 0.0);
  }
  // Forward: Z_i ← (Z_i − Σ_{j<i} L_ij Z_j) / L_ii.
  for (let i = 0; i < m; i++) {
    let zi = z + <usize>i * kb;
    let ri = l + <usize>i * rb;
    for (let j = 0; j < i; j++) {
      let c = v128.load64_splat(ri + (<usize>j << 3));
      let zj = z + <usize>j * kb;
      for (let o: usize = 0; o < kb; o += 16) v128.store(zi + o, f64x2.sub(v128.load(zi + o), f64x2.mul(c, v128.load(zj + o))));
    }
    let inv = f64x2.splat(1.0 / load<f64>(ri + (<usize>i << 3)));
    for (let o: usize = 0; o < kb; o += 16) v128.store(zi + o, f64x2.mul(v128.load(zi + o), inv));
  }
  // Back (Lᵀ x = y), by columns of Lᵀ = rows of L: x_i = y_i / L_ii, then y_j −= L_ij x_i for j < i.
  for (let i = m - 1; i >= 0; i--) {
    let zi = z + <usize>i * kb;
    let ri = l + <usize>i * rb;
    let inv = f64x2.splat(1.0 / load<f64>(ri + (<usize>i << 3)));
    for (let o: usize = 0; o < kb; o += 16) v128.store(zi + o, f64x2.mul(v128.load(zi + o), inv));
    for (let j = 0; j < i; j++) {
      let c = v128.load64_splat(ri + (<usize>j << 3));
      let zj = z + <usize>j * kb;
      for (let o: usize = 0; o < kb; o += 16) v128.store(zj + o, f64x2.sub(v128.load(zj + o), f64x2.mul(c, v128.load(zi + o))));
    }
  }
  for (let i = 0; i < m; i++) {
    let zi = z + <usize>i * kb;
    for (let k = 0; k < K; k++) store<f64>(out + <usize>k * vb + (<usize>i << 3), load<f64>(zi + (<usize>k << 3)));
  }
}
