// Weighted Gram matrix of a row tile, upper triangle: out[i][j] += Σ_t a_t·x̂_t[i]·x̂_t[j].
//
// For each block of 4 output rows i..i+3 the tile's weighted rows Y[t] = a_t·x̂_t[i..i+3] are
// formed once into a small panel; then every column block on or right of the diagonal streams
// x̂_t[j..] against splats from Y (outer.ts: 2 loads + 4 splats per 32 f64 or 64 f32 flops, 8
// accumulators in registers). Diagonal 4 × 4 blocks are computed whole; the entries below the
// diagonal are left to the caller's mirroring. Each entry sums rows in order, so the bits do not
// depend on the tiling.
//
// The panel is formed in f64 for both element types; the f32 kernel rounds it to f32 once
// (x̂ is promoted, multiplied by the f64 weight, rounded), so the f32 sum over the tile's rows
// in outer.ts starts from a single rounding per panel entry.

import { block2x1, panelUpdate } from "./outer";

/** Y row t ← a_t·x[i..i+3] (4 entries in T) for the `rows` rows of the tile. */
// @ts-ignore: decorator
@inline function weightedPanel<T>(Y: usize, a: usize, x: usize, sb: usize, rows: i32): void {
  for (let t = 0; t < rows; t++) {
    let at = v128.load64_splat(a + (<usize>t << 3));
    if (sizeof<T>() == 8) {
      let yp = Y + (<usize>t << 5);
      v128.store(yp, f64x2.mul(at, v128.load(x)));
      v128.store(yp, f64x2.mul(at, v128.load(x, 16)), 16);
    } else {
      let xv = v128.load(x);
      let lo = f32x4.demote_f64x2_zero(f64x2.mul(at, f64x2.promote_low_f32x4(xv)));
      let hi = f32x4.demote_f64x2_zero(f64x2.mul(at, f64x2.promote_low_f32x4(v128.shuffle<i32>(xv, xv, 2, 3, 2, 3))));
      v128.store(Y + (<usize>t << 4), v128.shuffle<i32>(lo, hi, 0, 1, 4, 5));
    }
    x += sb;
  }
}

/**
 * out[i][j] (f64, s × s) += Σ_t a_t·x_t[i]·x_t[j] for i ≤ j (at least), over `rows` rows of x
 * (T, stride s: even for f64, a multiple of 4 for f32); a holds the rows' f64 weights and Y is
 * scratch for the panel (rows × 4 entries of T).
 */
export function weightedGramUpper<T>(out: usize, s: i32, a: usize, Y: usize, x: usize, rows: i32): void {
  let sb = <usize>s * sizeof<T>();
  let osb = <usize>s << 3;
  let i = 0;
  for (; i + 4 <= s; i += 4) {
    let xi = x + <usize>i * sizeof<T>();
    weightedPanel<T>(Y, a, xi, sb, rows);
    panelUpdate<T>(out + <usize>i * osb, osb, Y, x, sb, s, i, rows);
  }
  if (sizeof<T>() == 8 && i < s) {
    // s ≡ 2 (mod 4): the last two rows are a 2 × 2 diagonal block, with a 2-entry panel
    // (stored in rows of 4 doubles like the full panel).
    let xi = x + (<usize>i << 3);
    for (let t = 0; t < rows; t++) {
      let at = v128.load64_splat(a + (<usize>t << 3));
      v128.store(Y + (<usize>t << 5), f64x2.mul(at, v128.load(xi)));
      xi += sb;
    }
    block2x1<f64>(out + <usize>i * osb + (<usize>i << 3), osb, Y, 32, x + (<usize>i << 3), sb, rows);
  }
}
