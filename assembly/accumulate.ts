// Rank-`rows` update G += Rᵀ X̂_tile, shared by the gradient and the
// Hessian-vector product: G[k][j] += Σ_t r[t][k]·x̂[t][j].
//
// G is class-major like θ (K rows of s doubles), so a block of 4 classes ×
// 4 columns is 8 f64x2 accumulators that stay in registers over the whole
// tile; per row t the block loads 2 pairs of x̂ and splats 4 residuals for 32
// flops. Class tails use 2- and 1-class blocks, s ≡ 2 (mod 4) a 2-column
// block. Every G entry is updated in row order t = 0, 1, … whatever the block
// shape, so the result does not depend on the blocking.

// Separate multiply and add: deterministic WebAssembly SIMD has no fused
// multiply-add (relaxed_madd may or may not fuse, depending on the engine).
// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b));
}

// @ts-ignore: decorator
@inline function classes4cols4(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let g1 = g + gsb, g2 = g1 + gsb, g3 = g2 + gsb;
  let a0 = v128.load(g), a1 = v128.load(g, 16);
  let b0 = v128.load(g1), b1 = v128.load(g1, 16);
  let c0 = v128.load(g2), c1 = v128.load(g2, 16);
  let d0 = v128.load(g3), d1 = v128.load(g3, 16);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load64_splat(r);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load64_splat(r, 8);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    let s2 = v128.load64_splat(r, 16);
    c0 = mulAdd(c0, s2, u); c1 = mulAdd(c1, s2, v);
    let s3 = v128.load64_splat(r, 24);
    d0 = mulAdd(d0, s3, u); d1 = mulAdd(d1, s3, v);
    x += sb; r += rsb;
  }
  v128.store(g, a0); v128.store(g, a1, 16);
  v128.store(g1, b0); v128.store(g1, b1, 16);
  v128.store(g2, c0); v128.store(g2, c1, 16);
  v128.store(g3, d0); v128.store(g3, d1, 16);
}

// @ts-ignore: decorator
@inline function classes4cols2(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let g1 = g + gsb, g2 = g1 + gsb, g3 = g2 + gsb;
  let a0 = v128.load(g), b0 = v128.load(g1), c0 = v128.load(g2), d0 = v128.load(g3);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load64_splat(r), u);
    b0 = mulAdd(b0, v128.load64_splat(r, 8), u);
    c0 = mulAdd(c0, v128.load64_splat(r, 16), u);
    d0 = mulAdd(d0, v128.load64_splat(r, 24), u);
    x += sb; r += rsb;
  }
  v128.store(g, a0); v128.store(g1, b0); v128.store(g2, c0); v128.store(g3, d0);
}

// @ts-ignore: decorator
@inline function classes2cols4(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let g1 = g + gsb;
  let a0 = v128.load(g), a1 = v128.load(g, 16);
  let b0 = v128.load(g1), b1 = v128.load(g1, 16);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load64_splat(r);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load64_splat(r, 8);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    x += sb; r += rsb;
  }
  v128.store(g, a0); v128.store(g, a1, 16);
  v128.store(g1, b0); v128.store(g1, b1, 16);
}

// @ts-ignore: decorator
@inline function classes2cols2(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let g1 = g + gsb;
  let a0 = v128.load(g), b0 = v128.load(g1);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load64_splat(r), u);
    b0 = mulAdd(b0, v128.load64_splat(r, 8), u);
    x += sb; r += rsb;
  }
  v128.store(g, a0); v128.store(g1, b0);
}

// @ts-ignore: decorator
@inline function classes1cols4(g: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = v128.load(g), a1 = v128.load(g, 16);
  for (let t = 0; t < rows; t++) {
    let s0 = v128.load64_splat(r);
    a0 = mulAdd(a0, s0, v128.load(x));
    a1 = mulAdd(a1, s0, v128.load(x, 16));
    x += sb; r += rsb;
  }
  v128.store(g, a0); v128.store(g, a1, 16);
}

// @ts-ignore: decorator
@inline function classes1cols2(g: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = v128.load(g);
  for (let t = 0; t < rows; t++) {
    a0 = mulAdd(a0, v128.load64_splat(r), v128.load(x));
    x += sb; r += rsb;
  }
  v128.store(g, a0);
}

/**
 * g[k·s + j] += Σ_{t<rows} r[t·rs + k]·x[t·s + j] for k < K, j < s (s even).

 */
export function accumulateOuter(g: usize, K: i32, s: i32, r: usize, rs: i32, x: usize, rows: i32): void {
  let sb = <usize>s << 3;
  let rsb = <usize>rs << 3;
  let s4 = <usize>(s & ~3) << 3;
  let K4 = K & ~3;
  let k = 0;
  for (; k < K4; k += 4) {
    let gk = g + <usize>k * sb;
    let rk = r + (<usize>k << 3);
    let j: usize = 0;
    for (; j < s4; j += 32) classes4cols4(gk + j, sb, rk, rsb, x + j, sb, rows);
    if (j < sb) classes4cols2(gk + j, sb, rk, rsb, x + j, sb, rows);
  }
  if (k + 2 <= K) {
    let gk = g + <usize>k * sb;
    let rk = r + (<usize>k << 3);
    let j: usize = 0;
    for (; j < s4; j += 32) classes2cols4(gk + j, sb, rk, rsb, x + j, sb, rows);
    if (j < sb) classes2cols2(gk + j, sb, rk, rsb, x + j, sb, rows);
    k += 2;
  }
  if (k < K) {
    let gk = g + <usize>k * sb;
    let rk = r + (<usize>k << 3);
    let j: usize = 0;
    for (; j < s4; j += 32) classes1cols4(gk + j, rk, rsb, x + j, sb, rows);
    if (j < sb) classes1cols2(gk + j, rk, rsb, x + j, sb, rows);
  }
}
