// The gradient side of a CSR tile: G_0 += r_t and G_{1+j} += x·r_t for every non-zero x at
// column j of row t, G feature-major like θ ((d+1) rows of KP doubles). Each non-zero is one
// K-wide SIMD axpy into its feature's row. For up to 16 classes the residual row r_t stays in
// registers for the whole row (one unrolled copy per count of f64x2 lanes, as for the logits:
// 13–20 % off the loss+gradient and Hessian-vector passes on the bag-of-words sets, same
// bits); beyond, it is loaded once per two non-zeros. Every G row receives its terms in row order, one non-zero at a time, so the sums
// do not depend on the tiling (and a column repeated within a row is simply added twice).

import { featureRow, splatValue } from "./logits";

/**
 * For the `rows` rows whose offsets start at indptr, add their residuals R (rows × KP doubles)
 * into G (feature-major, kpb bytes per row).
 */
// Not inlined: one copy per element type serves the gradient and the Hessian-vector product.
export function scatterResidualsTile<T>(indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, R: usize, G: usize, rowBytes: usize): void {
  switch (<i32>(kpb >> 4)) {
    case 1: scatterInRegisters<T>(1, indptr, indices, values, rows, R, G, rowBytes); return;
    case 2: scatterInRegisters<T>(2, indptr, indices, values, rows, R, G, rowBytes); return;
    case 3: scatterInRegisters<T>(3, indptr, indices, values, rows, R, G, rowBytes); return;
    case 4: scatterInRegisters<T>(4, indptr, indices, values, rows, R, G, rowBytes); return;
    case 5: scatterInRegisters<T>(5, indptr, indices, values, rows, R, G, rowBytes); return;
    case 6: scatterInRegisters<T>(6, indptr, indices, values, rows, R, G, rowBytes); return;
    case 7: scatterInRegisters<T>(7, indptr, indices, values, rows, R, G, rowBytes); return;
    case 8: scatterInRegisters<T>(8, indptr, indices, values, rows, R, G, rowBytes); return;
  }
  for (let t = 0; t < rows; t++) {
    let r = R + <usize>t * kpb;
    let e = <usize>load<i32>(indptr + (<usize>t << 2));
    let end = <usize>load<i32>(indptr + (<usize>t << 2), 4);
    for (let o: usize = 0; o < kpb; o += 16) v128.store(G + o, f64x2.add(v128.load(G + o), v128.load(r + o)));
    let pairEnd = end - ((end - e) & 1);
    for (; e < pairEnd; e += 2) {
      let g0 = featureRow(G, indices, e, rowBytes);
      let g1 = featureRow(G, indices, e + 1, rowBytes);
      let x0 = splatValue<T>(values, e);
      let x1 = splatValue<T>(values, e + 1);
      for (let o: usize = 0; o < kpb; o += 16) {
        let rv = v128.load(r + o);
        v128.store(g0 + o, f64x2.add(v128.load(g0 + o), f64x2.mul(x0, rv)));
        v128.store(g1 + o, f64x2.add(v128.load(g1 + o), f64x2.mul(x1, rv)));
      }
    }
    if (e < end) {
      let g = featureRow(G, indices, e, rowBytes);
      let x = splatValue<T>(values, e);
      for (let o: usize = 0; o < kpb; o += 16) v128.store(g + o, f64x2.add(v128.load(g + o), f64x2.mul(x, v128.load(r + o))));
    }
  }
}

/** One lane pair of G's row at g: g[o] += x·r. */
// @ts-ignore: decorator
@inline function axpy(g: usize, o: usize, x: v128, r: v128): void {
  v128.store(g + o, f64x2.add(v128.load(g + o), f64x2.mul(x, r)));
}

/**
 * The scatter for L = KP/2 ≤ 8 lane pairs with the row's residuals in registers b0 … b{L−1}
 * (L constant at each call): the same operations, in the same order, as the loop above.
 */
// @ts-ignore: decorator
@inline function scatterInRegisters<T>(L: i32, indptr: usize, indices: usize, values: usize, rows: i32, R: usize, G: usize, rowBytes: usize): void {
  let kpb = <usize>L << 4;
  let zero = f64x2.splat(0);
  for (let t = 0; t < rows; t++) {
    let r = R + <usize>t * kpb;
    let e = <usize>load<i32>(indptr + (<usize>t << 2));
    let end = <usize>load<i32>(indptr + (<usize>t << 2), 4);
    let b0 = v128.load(r);
    let b1 = L > 1 ? v128.load(r, 16) : zero;
    let b2 = L > 2 ? v128.load(r, 32) : zero;
    let b3 = L > 3 ? v128.load(r, 48) : zero;
    let b4 = L > 4 ? v128.load(r, 64) : zero;
    let b5 = L > 5 ? v128.load(r, 80) : zero;
    let b6 = L > 6 ? v128.load(r, 96) : zero;
    let b7 = L > 7 ? v128.load(r, 112) : zero;
    addRow(L, G, b0, b1, b2, b3, b4, b5, b6, b7);
    for (; e < end; e++) {
      let g = featureRow(G, indices, e, rowBytes);
      axpyRow(L, g, splatValue<T>(values, e), b0, b1, b2, b3, b4, b5, b6, b7);
    }
  }
}

/** G's intercept row += r. */
// @ts-ignore: decorator
@inline function addRow(L: i32, g: usize, b0: v128, b1: v128, b2: v128, b3: v128, b4: v128, b5: v128, b6: v128, b7: v128): void {
  v128.store(g, f64x2.add(v128.load(g), b0));
  if (L > 1) v128.store(g, f64x2.add(v128.load(g, 16), b1), 16);
  if (L > 2) v128.store(g, f64x2.add(v128.load(g, 32), b2), 32);
  if (L > 3) v128.store(g, f64x2.add(v128.load(g, 48), b3), 48);
  if (L > 4) v128.store(g, f64x2.add(v128.load(g, 64), b4), 64);
  if (L > 5) v128.store(g, f64x2.add(v128.load(g, 80), b5), 80);
  if (L > 6) v128.store(g, f64x2.add(v128.load(g, 96), b6), 96);
  if (L > 7) v128.store(g, f64x2.add(v128.load(g, 112), b7), 112);
}

/** G's row at g += x·r. */
// @ts-ignore: decorator
@inline function axpyRow(L: i32, g: usize, x: v128, b0: v128, b1: v128, b2: v128, b3: v128, b4: v128, b5: v128, b6: v128, b7: v128): void {
  axpy(g, 0, x, b0);
  if (L > 1) axpy(g, 16, x, b1);
  if (L > 2) axpy(g, 32, x, b2);
  if (L > 3) axpy(g, 48, x, b3);
  if (L > 4) axpy(g, 64, x, b4);
  if (L > 5) axpy(g, 80, x, b5);
  if (L > 6) axpy(g, 96, x, b6);
  if (L > 7) axpy(g, 112, x, b7);
}
