// Scalar natural logarithm, used once per row for the log-sum-exp.
//
// Method (fdlibm/FreeBSD e_log.c, Sun Microsystems 1993, as in musl's original
// log): x = 2^k·(1 + f) with √2/2 ≤ 1 + f < √2; with s = f/(2 + f),
//   log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)),
// R a degree-14 Remez polynomial in s (fdlibm's coefficients, |error| <
// 2^−58.45), and k·ln2 added in hi/lo parts so the result is within 1 ulp.
// It is written here instead of using the AssemblyScript standard library's
// table-driven log so the module carries no data segment (the caller owns all
// of linear memory) and no imports.
//
// Domain: x must be a positive, finite, normal double. The kernels only pass
// Σ_k e^(z_k − max z) ∈ [1, K].

// @ts-ignore: decorator
@inline const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 6.93147180369123816490e-01
// @ts-ignore: decorator
@inline const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 1.90821492927058770002e-10
// @ts-ignore: decorator
@inline const LG1: f64 = reinterpret<f64>(0x3FE5555555555593); // 6.666666666666735130e-01
// @ts-ignore: decorator
@inline const LG2: f64 = reinterpret<f64>(0x3FD999999997FA04); // 3.999999999940941908e-01
// @ts-ignore: decorator
@inline const LG3: f64 = reinterpret<f64>(0x3FD2492494229359); // 2.857142874366239149e-01
// @ts-ignore: decorator
@inline const LG4: f64 = reinterpret<f64>(0x3FCC71C51D8E78AF); // 2.222219843214978396e-01
// @ts-ignore: decorator
@inline const LG5: f64 = reinterpret<f64>(0x3FC7466496CB03DE); // 1.818357216161805012e-01
// @ts-ignore: decorator
@inline const LG6: f64 = reinterpret<f64>(0x3FC39A09D078C69F); // 1.531383769920937332e-01
// @ts-ignore: decorator
@inline const LG7: f64 = reinterpret<f64>(0x3FC2F112DF3E5244); // 1.479819860511658591e-01

/** log(x) for positive normal finite x. */
// @ts-ignore: decorator
@inline export function logPositive(x: f64): f64 {
  let u = reinterpret<u64>(x);
  // Move the mantissa into [√2/2, √2) by borrowing one from the exponent
  // when it is above √2 (0x3FE6A09E is the high word of √2/2).
  let hx = <u32>(u >> 32) + (0x3FF00000 - 0x3FE6A09E);
  let k = <i32>(hx >> 20) - 0x3FF;
  hx = (hx & 0x000FFFFF) + 0x3FE6A09E;
  let m = reinterpret<f64>((<u64>hx << 32) | (u & 0xFFFFFFFF));
  let f = m - 1.0;
  let hfsq = 0.5 * f * f;
  let s = f / (2.0 + f);
  let z = s * s;
  let w = z * z;
  let t1 = w * (LG2 + w * (LG4 + w * LG6));
  let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  let R = t2 + t1;
  let dk = <f64>k;
  return s * (hfsq + R) + dk * LN2_LO - hfsq + f + dk * LN2_HI;
}
