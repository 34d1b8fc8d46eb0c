// Logits of a tile of rows: z[t][k] = Σ_j θ[k][j]·x̂[t][j] (also used for
// u = V x̂ in the Hessian-vector product).
//
// Rows of X̂ and of θ are both contiguous, so each logit is a dot product
// vectorized along j in f64x2 pairs (the zero padding of every row to an even
// stride s means no scalar tail). Register block: 2 rows × 4 classes = 8
// accumulators (+ 6 operands = 14 of the 15 xmm registers V8 hands out), 6
// loads per 32 flops; each loaded x pair is reused 4 times and each θ pair
// twice. Tails (odd row count, K mod 4 → blocks of 2 and 1 classes) perform
// exactly the same per-logit operations in the same order — lane sums along
// j, then lane 0 + lane 1 — so a logit's bits never depend on which block
// computed it (lossGradient and probabilities agree bit for bit).
//
// This pass is the one that streams X̂ from memory. Once X̂ outgrows the
// last-level cache the hardware prefetcher alone leaves it stalling, so the
// 2-row kernels also read one u64 per 32 bytes of the rows PF_ROWS ahead (a
// demand load: WebAssembly has no prefetch instruction). The values are OR-ed
// and stored to a scratch "sink" only so that no compiler can drop the loads.
// Measured on n = 100 000, d = 100, K = 10: lossGradient 39 → 37 ms.

/** How many rows ahead the logits pass touches X̂. */
// @ts-ignore: decorator
@inline const PF_ROWS: i32 = 4;

// @ts-ignore: decorator
@inline function hsum(a: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

// Separate multiply and add: deterministic WebAssembly SIMD has no fused
// multiply-add (relaxed_madd may or may not fuse, depending on the engine).
// @ts-ignore: decorator
@inline function mulAdd(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b));
}

// @ts-ignore: decorator
@inline function rows2classes4(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let th1 = th + sb, th2 = th1 + sb, th3 = th2 + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  let b0 = f64x2.splat(0), b1 = f64x2.splat(0), b2 = f64x2.splat(0), b3 = f64x2.splat(0);
  let touch: u64 = 0;
  for (let j: usize = 0; j < sb; j += 16) {
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
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  store<f64>(z0, hsum(a2), 16); store<f64>(z0, hsum(a3), 24);
  let z1 = z0 + zsb;
  store<f64>(z1, hsum(b0)); store<f64>(z1, hsum(b1), 8);
  store<f64>(z1, hsum(b2), 16); store<f64>(z1, hsum(b3), 24);
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes4(x0: usize, th: usize, sb: usize, z0: usize): void {
  let th1 = th + sb, th2 = th1 + sb, th3 = th2 + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
  for (let j: usize = 0; j < sb; j += 16) {
    let u = v128.load(x0 + j);
    a0 = mulAdd(a0, u, v128.load(th + j));
    a1 = mulAdd(a1, u, v128.load(th1 + j));
    a2 = mulAdd(a2, u, v128.load(th2 + j));
    a3 = mulAdd(a3, u, v128.load(th3 + j));
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  store<f64>(z0, hsum(a2), 16); store<f64>(z0, hsum(a3), 24);
}

// @ts-ignore: decorator
@inline function rows2classes2(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let th1 = th + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), b0 = f64x2.splat(0), b1 = f64x2.splat(0);
  let touch: u64 = 0;
  for (let j: usize = 0; j < sb; j += 16) {
    touch |= load<u64>(pf + (j << 1));
    let u = v128.load(x0 + j);
    let v = v128.load(x1 + j);
    let t0 = v128.load(th + j);
    let t1 = v128.load(th1 + j);
    a0 = mulAdd(a0, u, t0); a1 = mulAdd(a1, u, t1);
    b0 = mulAdd(b0, v, t0); b1 = mulAdd(b1, v, t1);
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
  let z1 = z0 + zsb;
  store<f64>(z1, hsum(b0)); store<f64>(z1, hsum(b1), 8);
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes2(x0: usize, th: usize, sb: usize, z0: usize): void {
  let th1 = th + sb;
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
  for (let j: usize = 0; j < sb; j += 16) {
    let u = v128.load(x0 + j);
    a0 = mulAdd(a0, u, v128.load(th + j));
    a1 = mulAdd(a1, u, v128.load(th1 + j));
  }
  store<f64>(z0, hsum(a0)); store<f64>(z0, hsum(a1), 8);
}

// @ts-ignore: decorator
@inline function rows2classes1(x0: usize, th: usize, sb: usize, z0: usize, zsb: usize, pf: usize, sink: usize): void {
  let x1 = x0 + sb;
  let a = f64x2.splat(0), b = f64x2.splat(0);
  let touch: u64 = 0;
  for (let j: usize = 0; j < sb; j += 16) {
    touch |= load<u64>(pf + (j << 1));
    let t = v128.load(th + j);
    a = mulAdd(a, v128.load(x0 + j), t);
    b = mulAdd(b, v128.load(x1 + j), t);
  }
  store<f64>(z0, hsum(a));
  store<f64>(z0 + zsb, hsum(b));
  store<u64>(sink, touch);
}

// @ts-ignore: decorator
@inline function rows1classes1(x0: usize, th: usize, sb: usize, z0: usize): void {
  let a = f64x2.splat(0);
  for (let j: usize = 0; j < sb; j += 16) {
    a = mulAdd(a, v128.load(x0 + j), v128.load(th + j));
  }
  store<f64>(z0, hsum(a));
}

/**
 * z[t·zs + k] = Σ_j θ[k·s + j]·x[t·s + j] for t < rows, k < K.
 * `x` points at the tile's first row; `zs` is z's row stride in doubles;
 * `avail` is how many rows of X̂ exist from `x` on (bounds the touch-ahead);
 * `sink` is a 16-byte scratch slot.
 */
export function logitsTile(x: usize, rows: i32, s: i32, K: i32, theta: usize, z: usize, zs: i32, avail: i32, sink: usize): void {
  let sb = <usize>s << 3;
  let zsb = <usize>zs << 3;
  let K4 = K & ~3;
  let t = 0;
  for (; t + 2 <= rows; t += 2) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let pf = t + PF_ROWS + 2 <= avail ? xr + <usize>PF_ROWS * sb : xr;
    let k = 0;
    for (; k < K4; k += 4) rows2classes4(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink);
    if (k + 2 <= K) { rows2classes2(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink); k += 2; }
    if (k < K) rows2classes1(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3), zsb, pf, sink);
  }
  if (t < rows) {
    let xr = x + <usize>t * sb;
    let zr = z + <usize>t * zsb;
    let k = 0;
    for (; k < K4; k += 4) rows1classes4(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3));
    if (k + 2 <= K) { rows1classes2(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3)); k += 2; }
    if (k < K) rows1classes1(xr, theta + <usize>k * sb, sb, zr + (<usize>k << 3));
  }
}
