// Logits of a tile of CSR rows: z[t] = θ_0 + Σ_e x_e θ_{1+j_e}, one K-wide SIMD axpy per
// non-zero, with θ stored feature-major ((d+1) rows of KP doubles, row 0 the intercepts), so
// a non-zero reads one contiguous θ row instead of K strided values.
//
// The non-zeros are taken four at a time and their products summed before they meet z:
// z += (x0·θ0 + x1·θ1) + (x2·θ2 + x3·θ3). That keeps the loop off the latency of a z load →
// add → store chain per non-zero (one chain per four instead), and fixes the order of the
// sums (the JS twin in src/backends/js-sparse.ts adds in the same order). The last 0–3
// non-zeros of a row are added one at a time. Values of element type T (f64 or f32) are
// promoted to f64: all arithmetic is f64.

/** Value e of `values` (element type T) as f64, in both lanes. */
// @ts-ignore: decorator
@inline export function splatValue<T>(values: usize, e: usize): v128 {
  return f64x2.splat(<f64>load<T>(values + e * sizeof<T>()));
}

/** Byte address of θ's row for column index e of `indices` (feature j → row 1 + j). */
// @ts-ignore: decorator
@inline export function featureRow(theta: usize, indices: usize, e: usize, rowBytes: usize): usize {
  return theta + (<usize>load<i32>(indices + (e << 2)) + 1) * rowBytes;
}

/**
 * For the `rows` rows whose offsets start at indptr (rows + 1 i32 entry offsets), write their
 * logits to Z (rows × KP doubles, KP = kpb / 8) under θ (feature-major, kpb bytes per row).
 */
// Not inlined: one copy per element type serves all four kernels (the call is per tile).
export function sparseLogitsTile<T>(indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, rowBytes: usize, Z: usize): void {
  for (let t = 0; t < rows; t++) {
    let z = Z + <usize>t * kpb;
    let e = <usize>load<i32>(indptr + (<usize>t << 2));
    let end = <usize>load<i32>(indptr + (<usize>t << 2), 4);
    for (let o: usize = 0; o < kpb; o += 16) v128.store(z + o, v128.load(theta + o));
    let quadEnd = end - ((end - e) & 3);
    for (; e < quadEnd; e += 4) {
      let r0 = featureRow(theta, indices, e, rowBytes);
      let r1 = featureRow(theta, indices, e + 1, rowBytes);
      let r2 = featureRow(theta, indices, e + 2, rowBytes);
      let r3 = featureRow(theta, indices, e + 3, rowBytes);
      let x0 = splatValue<T>(values, e);
      let x1 = splatValue<T>(values, e + 1);
      let x2 = splatValue<T>(values, e + 2);
      let x3 = splatValue<T>(values, e + 3);
      for (let o: usize = 0; o < kpb; o += 16) {
        let a = f64x2.add(f64x2.mul(x0, v128.load(r0 + o)), f64x2.mul(x1, v128.load(r1 + o)));
        let b = f64x2.add(f64x2.mul(x2, v128.load(r2 + o)), f64x2.mul(x3, v128.load(r3 + o)));
        v128.store(z + o, f64x2.add(v128.load(z + o), f64x2.add(a, b)));
      }
    }
    for (; e < end; e++) {
      let r = featureRow(theta, indices, e, rowBytes);
      let x = splatValue<T>(values, e);
      for (let o: usize = 0; o < kpb; o += 16) v128.store(z + o, f64x2.add(v128.load(z + o), f64x2.mul(x, v128.load(r + o))));
    }
  }
}
