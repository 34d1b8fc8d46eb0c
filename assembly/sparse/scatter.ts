// The gradient side of a CSR tile: G_0 += r_t and G_{1+j} += x·r_t for every non-zero x at
// column j of row t, G feature-major like θ ((d+1) rows of KP doubles). Each non-zero is one
// K-wide SIMD axpy into its feature's row; the residual row r_t is loaded once per two
// non-zeros. Every G row receives its terms in row order, one non-zero at a time, so the sums
// do not depend on the tiling (and a column repeated within a row is simply added twice).

import { featureRow, splatValue } from "./logits";

/**
 * For the `rows` rows whose offsets start at indptr, add their residuals R (rows × KP doubles)
 * into G (feature-major, kpb bytes per row).
 */
// Not inlined: one copy per element type serves the gradient and the Hessian-vector product.
export function scatterResidualsTile<T>(indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, R: usize, G: usize, rowBytes: usize): void {
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
