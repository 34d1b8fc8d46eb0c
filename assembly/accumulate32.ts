// f32 rank-`rows` update G += Rᵀ X̂_tile for the f32 gradient and
// Hessian-vector product: G[k][j] (f64) += Σ_t r32[t][k]·x[t][j] (f32).
//
// The tile sum of each entry is formed in an f32x4 lane (rows in order
// t = 0, 1, …, one f32 multiply and add per row), then widened and added to
// the f64 G once per tile, so the f32 rounding only ever covers TILE32 rows
// and the sum over tiles is f64. Register block: 4 classes × 8 columns = 8
// f32x4 accumulators; per row 2 loads of x̂ and 4 splats for 64 flops. Class
// tails use 2- and 1-class blocks, s ≡ 4 (mod 8) a 4-column block; every
// entry sees the same operations whatever the block shape.

// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** g[0..4) (f64) += the four f32 lanes of a. */
// @ts-ignore: decorator
@inline export function addWide(g: usize, a: v128): void {
  v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(a)));
  v128.store(g, f64x2.add(v128.load(g, 16), f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 2, 3))), 16);
}

// @ts-ignore: decorator
@inline function classes4cols8(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load32_splat(r);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load32_splat(r, 4);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    let s2 = v128.load32_splat(r, 8);
    c0 = mulAdd(c0, s2, u); c1 = mulAdd(c1, s2, v);
    let s3 = v128.load32_splat(r, 12);
    d0 = mulAdd(d0, s3, u); d1 = mulAdd(d1, s3, v);
    x += sb; r += rsb;
  }
  let g1 = g + gsb, g2 = g1 + gsb, g3 = g2 + gsb;
  addWide(g, a0); addWide(g + 32, a1);
  addWide(g1, b0); addWide(g1 + 32, b1);
  addWide(g2, c0); addWide(g2 + 32, c1);
  addWide(g3, d0); addWide(g3 + 32, d1);
}

// @ts-ignore: decorator
@inline function classes4cols4(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), c0 = f32x4.splat(0), d0 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load32_splat(r), u);
    b0 = mulAdd(b0, v128.load32_splat(r, 4), u);
    c0 = mulAdd(c0, v128.load32_splat(r, 8), u);
    d0 = mulAdd(d0, v128.load32_splat(r, 12), u);
    x += sb; r += rsb;
  }
  let g1 = g + gsb, g2 = g1 + gsb, g3 = g2 + gsb;
  addWide(g, a0); addWide(g1, b0); addWide(g2, c0); addWide(g3, d0);
}

// @ts-ignore: decorator
@inline function classes2cols8(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    let v = v128.load(x, 16);
    let s0 = v128.load32_splat(r);
    a0 = mulAdd(a0, s0, u); a1 = mulAdd(a1, s0, v);
    let s1 = v128.load32_splat(r, 4);
    b0 = mulAdd(b0, s1, u); b1 = mulAdd(b1, s1, v);
    x += sb; r += rsb;
  }
  let g1 = g + gsb;
  addWide(g, a0); addWide(g + 32, a1);
  addWide(g1, b0); addWide(g1 + 32, b1);
}

// @ts-ignore: decorator
@inline function classes2cols4(g: usize, gsb: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let u = v128.load(x);
    a0 = mulAdd(a0, v128.load32_splat(r), u);
    b0 = mulAdd(b0, v128.load32_splat(r, 4), u);
    x += sb; r += rsb;
  }
  addWide(g, a0); addWide(g + gsb, b0);
}

// @ts-ignore: decorator
@inline function classes1cols8(g: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    let s0 = v128.load32_splat(r);
    a0 = mulAdd(a0, s0, v128.load(x));
    a1 = mulAdd(a1, s0, v128.load(x, 16));
    x += sb; r += rsb;
  }
  addWide(g, a0); addWide(g + 32, a1);
}

// @ts-ignore: decorator
@inline function classes1cols4(g: usize, r: usize, rsb: usize, x: usize, sb: usize, rows: i32): void {
  let a0 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    a0 = mulAdd(a0, v128.load32_splat(r), v128.load(x));
    x += sb; r += rsb;
  }
  addWide(g, a0);
}

/**
 * g[k·s + j] (f64) += Σ_{t<rows} r[t·rs + k]·x[t·s + j] (f32 r and x) for
 * k < K, j < s (s a multiple of 4).
 */
export function accumulateOuter32(g: usize, K: i32, s: i32, r: usize, rs: i32, x: usize, rows: i32): void {
  let xsb = <usize>s << 2;
  let gsb = <usize>s << 3;
  let rsb = <usize>rs << 2;
  let s8 = <usize>(s & ~7);
  let su = <usize>s;
  let K4 = K & ~3;
  let k = 0;
  for (; k < K4; k += 4) {
    let gk = g + <usize>k * gsb;
    let rk = r + (<usize>k << 2);
    let j: usize = 0;
    for (; j < s8; j += 8) classes4cols8(gk + (j << 3), gsb, rk, rsb, x + (j << 2), xsb, rows);
    if (j < su) classes4cols4(gk + (j << 3), gsb, rk, rsb, x + (j << 2), xsb, rows);
  }
  if (k + 2 <= K) {
    let gk = g + <usize>k * gsb;
    let rk = r + (<usize>k << 2);
    let j: usize = 0;
    for (; j < s8; j += 8) classes2cols8(gk + (j << 3), gsb, rk, rsb, x + (j << 2), xsb, rows);
    if (j < su) classes2cols4(gk + (j << 3), gsb, rk, rsb, x + (j << 2), xsb, rows);
    k += 2;
  }
  if (k < K) {
    let gk = g + <usize>k * gsb;
    let rk = r + (<usize>k << 2);
    let j: usize = 0;
    for (; j < s8; j += 8) classes1cols8(gk + (j << 3), rk, rsb, x + (j << 2), xsb, rows);
    if (j < su) classes1cols4(gk + (j << 3), rk, rsb, x + (j << 2), xsb, rows);
  }
}
