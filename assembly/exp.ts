// Vectorized natural exponential for two f64 lanes (f64x2).
//
// Method (after fdlibm/FreeBSD e_exp.c, Sun Microsystems 1993, the same
// algorithm as musl's original exp): write x = k·ln2 + r with k = round(x/ln2),
// |r| ≤ ln2/2. ln2 is split into a hi part with 32 trailing zero bits, so
// k·LN2_HI is exact for every |k| < 2^20 and hi = x − k·LN2_HI is exact; the
// rounding of k·LN2_LO is carried separately as lo (r = hi − lo). On
// [−ln2/2, ln2/2] fdlibm approximates r·(e^r + 1)/(e^r − 1) = 2 + r²/6 − …
// by 2 + P1·r² + … + P5·r¹⁰ (Remez, |error| < 2^−59); with
// c = r − r²·(P1 + … + P5·r⁸) this gives e^r = 1 + r + r·c/(2 − c), evaluated
// as 1 + ((r·c/(2 − c) − lo) + hi) so lo's low bits are not lost.
// The scale 2^k is applied as two exact powers of two, 2^⌊k/2⌋ and 2^(k−⌊k/2⌋),
// so both stay normal over the whole range and the only rounding of the
// scaling is the final product: results in the subnormal range are rounded
// once (gradual underflow, like a correctly rounded exp), and x ≥ 709.79
// overflows to +inf instead of wrapping the exponent field.
//
// The argument is first clamped to [−746, 710]: below −745.14 the true
// result rounds to 0, above 709.79 it rounds to +inf, and the clamp keeps k
// inside the integer trick's range (no NaN for any finite or infinite input;
// exp(−inf) = 0). exp(±0) = 1 exactly. NaN propagates.
//
// Only IEEE-exact operations are used (add, sub, mul, div, nearest, floor,
// pmin/pmax, integer add/shift; no relaxed SIMD, no fused multiply-add), so
// the result is bit-identical on every engine.
//
// Measured error (scripts/measure-exp-log.mjs; reference: double-double exp, about 96
// correct bits, checked against mpmath): on 20 000 001 evenly spaced points on [−745, 709],
//   normal results:    max 0.89 ulp, max relative error 1.39e−16 (0.63·2^−52), 90.2 %
//                      correctly rounded (90.6 % of 1 000 001 points on [−1, 1]);
//   subnormal results: max 0.74 ulp of 2^−1074 (the final product rounds once);
// and correctly rounded on 1 000 000 tiny arguments from −2^−10 to −2^−70.
// Specials: exp(±0) = 1, exp(−745.1332191019411) = 2^−1074,
// exp(−745.1332191019412) = 0, exp(−inf) = exp(−1e300) = 0, exp(709.79) = +inf.

// @ts-ignore: decorator
@inline const INVLN2: f64 = reinterpret<f64>(0x3FF71547652B82FE); // 1.44269504088896338700e+00
// @ts-ignore: decorator
@inline const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 6.93147180369123816490e-01
// @ts-ignore: decorator
@inline const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 1.90821492927058770002e-10
// @ts-ignore: decorator
@inline const P1: f64 = reinterpret<f64>(0x3FC555555555553E); //  1.66666666666666019037e-01
// @ts-ignore: decorator
@inline const P2: f64 = reinterpret<f64>(0xBF66C16C16BEBD93); // -2.77777777770155933842e-03
// @ts-ignore: decorator
@inline const P3: f64 = reinterpret<f64>(0x3F11566AAF25DE2C); //  6.61375632143793436117e-05
// @ts-ignore: decorator
@inline const P4: f64 = reinterpret<f64>(0xBEBBBD41C5D26BF1); // -1.65339022054652515390e-06
// @ts-ignore: decorator
@inline const P5: f64 = reinterpret<f64>(0x3E66376972BEA4D0); //  4.13813679705723846039e-08
// @ts-ignore: decorator
@inline const X_MIN: f64 = reinterpret<f64>(0xC087500000000000); // -746.0: e^x < 2^-1075 below -745.14
// @ts-ignore: decorator
@inline const X_MAX: f64 = reinterpret<f64>(0x4086300000000000); //  710.0: e^x > DBL_MAX above 709.79
// 1.5·2^52 + 1023: adding it to an integer k (|k| < 2^50) is exact and leaves k + 1023, the
// biased exponent of 2^k, in the low mantissa bits.
// @ts-ignore: decorator
@inline const SHIFT_BIASED: f64 = reinterpret<f64>(0x43380000000003FF); // 6755399441056767.0

/** e^x in each lane of `x`. */
// @ts-ignore: decorator
@inline export function expv(x: v128): v128 {
  // pmin keeps a NaN in x because x is the first operand.
  return expWith(f64x2.pmin(x, f64x2.splat(X_MAX)),
    f64x2.splat(X_MIN), f64x2.splat(INVLN2), f64x2.splat(LN2_HI), f64x2.splat(LN2_LO),
    f64x2.splat(P1), f64x2.splat(P2), f64x2.splat(P3), f64x2.splat(P4), f64x2.splat(P5),
    f64x2.splat(2.0), f64x2.splat(1.0), f64x2.splat(0.5), f64x2.splat(SHIFT_BIASED));
}

/** Bytes of the table storeExpConstants writes. */
// @ts-ignore: decorator
@inline export const EXP_TABLE_BYTES: usize = 13 << 4;

/**
 * Writes exp's 13 splatted constants to `table` (EXP_TABLE_BYTES bytes, 16-byte aligned), for
 * loops that read them once before they start: V8 rebuilds a splatted constant at every use
 * (3 instructions each), which made exp cost twice its arithmetic inside the softmax loop.
 * Values read from memory it keeps in registers or reloads with one load.
 */
// @ts-ignore: decorator
@inline export function storeExpConstants(table: usize): void {
  v128.store(table, f64x2.splat(X_MIN)); v128.store(table, f64x2.splat(INVLN2), 16);
  v128.store(table, f64x2.splat(LN2_HI), 32); v128.store(table, f64x2.splat(LN2_LO), 48);
  v128.store(table, f64x2.splat(P1), 64); v128.store(table, f64x2.splat(P2), 80);
  v128.store(table, f64x2.splat(P3), 96); v128.store(table, f64x2.splat(P4), 112);
  v128.store(table, f64x2.splat(P5), 128); v128.store(table, f64x2.splat(2.0), 144);
  v128.store(table, f64x2.splat(1.0), 160); v128.store(table, f64x2.splat(0.5), 176);
  v128.store(table, f64x2.splat(SHIFT_BIASED), 192);
}

/**
 * The algorithm of the header for x ≤ 0 or NaN (the softmax's shifted logits z − max, and
 * expv after its upper clamp), on constants passed in (splatted as their names say; a loop
 * reads them from storeExpConstants's table before it starts, see softmax.ts). For such x the
 * upper clamp of the header changes nothing, so it is left to expv.
 */
// @ts-ignore: decorator
@inline export function expWith(
  x: v128, xMin: v128, invLn2: v128, ln2Hi: v128, ln2Lo: v128,
  p1: v128, p2: v128, p3: v128, p4: v128, p5: v128, two: v128, one: v128, half: v128, shiftBiased: v128
): v128 {
  // pmax (a single maxpd) keeps a NaN in x because x is the first operand.
  x = f64x2.pmax(x, xMin);
  let kd = f64x2.nearest(f64x2.mul(x, invLn2));
  let hi = f64x2.sub(x, f64x2.mul(kd, ln2Hi));
  let lo = f64x2.mul(kd, ln2Lo);
  let r = f64x2.sub(hi, lo);
  let rr = f64x2.mul(r, r);
  let q = f64x2.add(p4, f64x2.mul(rr, p5));
  q = f64x2.add(p3, f64x2.mul(rr, q));
  q = f64x2.add(p2, f64x2.mul(rr, q));
  q = f64x2.add(p1, f64x2.mul(rr, q));
  let c = f64x2.sub(r, f64x2.mul(rr, q));
  let y = f64x2.div(f64x2.mul(r, c), f64x2.sub(two, c));
  y = f64x2.add(one, f64x2.add(f64x2.sub(y, lo), hi));
  // k = k1 + k2 with k1 = ⌊k/2⌋ split in floating point (there is no cheap
  // 64-bit arithmetic shift in SSE). Each part, |k_i| ≤ 539, plus the bias 1023 sits in the
  // low mantissa bits of k_i + SHIFT_BIASED; shifting by 52 moves it into the exponent field
  // and discards the shift's own bits.
  let k1 = f64x2.floor(f64x2.mul(kd, half));
  let k2 = f64x2.sub(kd, k1);
  let s1 = i64x2.shl(f64x2.add(k1, shiftBiased), 52);
  let s2 = i64x2.shl(f64x2.add(k2, shiftBiased), 52);
  return f64x2.mul(f64x2.mul(y, s1), s2);
}
