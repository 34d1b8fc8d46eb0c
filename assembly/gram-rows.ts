// Weighted Gram matrix of a list of rows of X̂ (element type T), upper triangle:
//   out[i][j] = Σ_t a_t · x̂_{r_t}[i] · x̂_{r_t}[j],   i ≤ j, out s × s f64 (overwritten),
// for the row indices r_0 … r_{count−1} and f64 weights a_t (one per listed row).
//
// This is the preconditioner of Newton-CG (src/solvers/curvature-preconditioner.ts): the
// curvature-weighted Gram X̂_Rᵀ diag(ω) X̂_R of a random row sample R. The rows are read in
// place: each tile of listed rows is gathered into scratch (a few dozen rows, sized to stay
// in L2 while the panel sweeps it) and handed to the Hessian's weighted-Gram tile update
// (gram.ts), so no copy of the sample ever exists beyond one tile. Entries sum the rows in
// list order; f32 sums each tile in f32 and adds the tile sums in f64 (outer.ts).
//
// Flop count: count·(d+1)(d+2) (the upper triangle's multiply-adds, 2 flops each).

import { weightedGramUpper } from "./gram";
import { zeroDoubles } from "./simd";

/** Bytes of X̂ rows one gathered tile holds: a third of a 1 MiB L2 beside the output rows. */
// @ts-ignore: decorator
@inline const TILE_BYTES: i32 = 98304;

/** Rows per gathered tile for row stride s: 4 … 128, a multiple of 4. */
export function gramRowsTile<T>(s: i32): i32 {
  let rows = (TILE_BYTES / (s * <i32>sizeof<T>())) & ~3;
  return min(128, max(4, rows));
}

/** Scratch bytes of weightedGramOfRows for stride s: weights, the panel, the gathered tile. */
export function gramRowsScratchBytesFor<T>(s: i32): i32 {
  let tile = gramRowsTile<T>(s);
  return 16 + tile * 8 + tile * 4 * <i32>sizeof<T>() + tile * s * <i32>sizeof<T>();
}

/** Copies `bytes` (a multiple of 16) from src to dst. */
// @ts-ignore: decorator
@inline function copyRow(dst: usize, src: usize, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) v128.store(dst + o, v128.load(src + o));
}

/**
 * out (s × s f64, overwritten on and above the diagonal; below it unspecified) = Σ_t a_t x̂x̂ᵀ
 * over the rows rows[0 … count) (i32 indices into x, n rows of stride s in T) with weights
 * a[0 … count) (f64).
 */
// @ts-ignore: decorator
@inline export function weightedGramOfRowsOf<T>(x: usize, s: i32, rows: usize, count: i32, a: usize, out: usize, scratch: usize): void {
  let sb = <usize>s * sizeof<T>();
  let tile = gramRowsTile<T>(s);
  let A = scratch + 16;
  let Y = A + (<usize>tile << 3);
  let X = Y + <usize>tile * 4 * sizeof<T>();
  zeroDoubles(out, <usize>s * <usize>s);
  for (let t0 = 0; t0 < count; t0 += tile) {
    let n = min(tile, count - t0);
    for (let t = 0; t < n; t++) {
      let i = <usize>(t0 + t);
      let r = <usize>load<i32>(rows + (i << 2));
      copyRow(X + <usize>t * sb, x + r * sb, sb);
      store<f64>(A + (<usize>t << 3), load<f64>(a + (i << 3)));
    }
    weightedGramUpper<T>(out, s, A, Y, X, n);
  }
}
