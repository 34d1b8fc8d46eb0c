// SIMD helpers shared by the kernels of both element types.
//
// A type parameter T is the element type of X̂: f64 or f32. sizeof<T>() is a compile-time
// constant, so every `sizeof<T>() == 8` test below (and in the drivers) is decided when the
// generic is instantiated and leaves no branch in the code — the way AssemblyScript's
// std/assembly/util/sort.ts specialises its sorts on the element type.
//
// Only IEEE-exact operations: multiply and add stay separate, because deterministic
// WebAssembly SIMD has no fused multiply-add (relaxed_madd may or may not fuse, depending on
// the engine), and the kernels must give the same bits everywhere.

/** Elements of T in one v128: 2 for f64, 4 for f32. */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return 16 / <i32>sizeof<T>();
}

/** acc + a·b in T's lanes (f64x2 or f32x4). */
// @ts-ignore: decorator
@inline export function mulAdd<T>(acc: v128, a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.add(acc, f64x2.mul(a, b)) : f32x4.add(acc, f32x4.mul(a, b));
}

// Element c of a row of T at p, in every lane. Four functions rather than one with an index
// argument, so that the offset stays a load immediate (the inner loops splat four per row).
// @ts-ignore: decorator
@inline export function splat0<T>(p: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(p) : v128.load32_splat(p);
}
// @ts-ignore: decorator
@inline export function splat1<T>(p: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(p, 8) : v128.load32_splat(p, 4);
}
// @ts-ignore: decorator
@inline export function splat2<T>(p: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(p, 16) : v128.load32_splat(p, 8);
}
// @ts-ignore: decorator
@inline export function splat3<T>(p: usize): v128 {
  return sizeof<T>() == 8 ? v128.load64_splat(p, 24) : v128.load32_splat(p, 12);
}

/** Lane 0 + lane 1 of an f64x2. */
// @ts-ignore: decorator
@inline export function hsum(a: v128): f64 {
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/** Sum of the four f32 lanes of `a`, in f64: (a0 + a2) + (a1 + a3). */
// @ts-ignore: decorator
@inline export function hsumWide(a: v128): f64 {
  let p = f64x2.add(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 2, 3)));
  return f64x2.extract_lane(p, 0) + f64x2.extract_lane(p, 1);
}

/** g[0..4) (f64) += the four f32 lanes of a. */
// @ts-ignore: decorator
@inline export function addWide(g: usize, a: v128): void {
  v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(a)));
  v128.store(g, f64x2.add(v128.load(g, 16), f64x2.promote_low_f32x4(v128.shuffle<i32>(a, a, 2, 3, 2, 3))), 16);
}

/** Sets `count` doubles at `p` to 0. */
// @ts-ignore: decorator
@inline export function zeroDoubles(p: usize, count: usize): void {
  let end = p + (count << 3);
  let vEnd = p + ((count & ~<usize>1) << 3);
  while (p < vEnd) { v128.store(p, f64x2.splat(0.0)); p += 16; }
  if (p < end) store<f64>(p, 0.0);
}

/** Copies `bytes` bytes of doubles from `src` to `dst` (one row of probabilities). */
// @ts-ignore: decorator
@inline export function copyDoubles(dst: usize, src: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 8) store<f64>(dst + o, load<f64>(src + o));
}

/**
 * Rounds `count` doubles at `src` (count a multiple of 4) to f32 at `dst`
 * (round to nearest even, the only rounding WebAssembly has).
 */
export function demoteArray(src: usize, dst: usize, count: usize): void {
  let end = src + (count << 3);
  while (src < end) {
    let a = f32x4.demote_f64x2_zero(v128.load(src));
    let b = f32x4.demote_f64x2_zero(v128.load(src, 16));
    v128.store(dst, v128.shuffle<i32>(a, b, 0, 1, 4, 5));
    src += 32; dst += 16;
  }
}

/** Rounds `count` doubles at `src` (count even) to f32 at `dst`. */
// @ts-ignore: decorator
@inline export function demotePairs(src: usize, dst: usize, count: usize): void {
  let end = src + (count << 3);
  while (src < end) {
    v128.store64_lane(dst, f32x4.demote_f64x2_zero(v128.load(src)), 0);
    src += 16; dst += 8;
  }
}
