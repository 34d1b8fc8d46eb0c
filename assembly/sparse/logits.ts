// Logits of a tile of CSR rows: z[t] = θ_0 + Σ_e x_e θ_{1+j_e}, one K-wide SIMD axpy per
// non-zero, with θ stored feature-major ((d+1) rows of KP doubles, row 0 the intercepts), so
// a non-zero reads one contiguous θ row instead of K strided values.
//
// The non-zeros are taken four at a time and their products summed before they meet z:
// z += (x0·θ0 + x1·θ1) + (x2·θ2 + x3·θ3), which fixes the order of the sums (the JS twin in
// src/backends/js-sparse.ts adds in the same order). The last 0–3 non-zeros of a row are
// added one at a time. For up to 16 classes z lives in registers (one unrolled copy per
// count of f64x2 lanes, 1–8); beyond, in memory. Values of element type T (f64 or f32) are
// promoted to f64: all arithmetic is f64.
//
// The paired variant is for θ rows interleaved with the rows the tile's scatter updates next
// (the gradient, or Hp in the Newton-CG): for each non-zero it also loads the last 16 bytes of
// the paired output row, so the one cache line of that row θ's lines do not cover is fetched
// together with them, while the logits wait on memory anyway, instead of missing in the
// scatter (on the 100 000 × 50 000 bag of words most θ rows come from L3: about 30 % off the
// loss+gradient pass). The loads only feed a sink stored in scratch; no result changes.

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
/**
 * sparseLogitsTile for θ rows interleaved with the output rows (rowBytes = 2·kpb, output lanes
 * after θ's): the same logits, plus a load of each non-zero's output row end, OR-ed into the
 * 16 bytes at `sink`.
 */
export function sparseLogitsPairedTile<T>(indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, rowBytes: usize, Z: usize, sink: usize): void {
  let touch = rowBytes - 16;
  let s: v128;
  switch (<i32>(kpb >> 4)) {
    case 1: s = logitsInRegisters<T>(1, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 2: s = logitsInRegisters<T>(2, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 3: s = logitsInRegisters<T>(3, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 4: s = logitsInRegisters<T>(4, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 5: s = logitsInRegisters<T>(5, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 6: s = logitsInRegisters<T>(6, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 7: s = logitsInRegisters<T>(7, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    case 8: s = logitsInRegisters<T>(8, indptr, indices, values, rows, theta, rowBytes, Z, touch); break;
    default: sparseLogitsTile<T>(indptr, indices, values, rows, kpb, theta, rowBytes, Z); return;
  }
  v128.store(sink, v128.or(v128.load(sink), s));
}

// Not inlined: one copy per element type serves all four kernels (the call is per tile).
export function sparseLogitsTile<T>(indptr: usize, indices: usize, values: usize, rows: i32, kpb: usize, theta: usize, rowBytes: usize, Z: usize): void {
  switch (<i32>(kpb >> 4)) {
    case 1: logitsInRegisters<T>(1, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 2: logitsInRegisters<T>(2, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 3: logitsInRegisters<T>(3, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 4: logitsInRegisters<T>(4, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 5: logitsInRegisters<T>(5, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 6: logitsInRegisters<T>(6, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 7: logitsInRegisters<T>(7, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
    case 8: logitsInRegisters<T>(8, indptr, indices, values, rows, theta, rowBytes, Z, 0); return;
  }
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
      for (let o: usize = 0; o < kpb; o += 16) v128.store(z + o, f64x2.add(v128.load(z + o), quad(x0, x1, x2, x3, r0 + o, r1 + o, r2 + o, r3 + o)));
    }
    for (; e < end; e++) {
      let r = featureRow(theta, indices, e, rowBytes);
      let x = splatValue<T>(values, e);
      for (let o: usize = 0; o < kpb; o += 16) v128.store(z + o, f64x2.add(v128.load(z + o), f64x2.mul(x, v128.load(r + o))));
    }
  }
}

/** (x0·r0 + x1·r1) + (x2·r2 + x3·r3) for one f64x2 lane pair of four θ rows. */
// @ts-ignore: decorator
@inline function quad(x0: v128, x1: v128, x2: v128, x3: v128, r0: usize, r1: usize, r2: usize, r3: usize): v128 {
  return f64x2.add(
    f64x2.add(f64x2.mul(x0, v128.load(r0)), f64x2.mul(x1, v128.load(r1))),
    f64x2.add(f64x2.mul(x2, v128.load(r2)), f64x2.mul(x3, v128.load(r3))),
  );
}

/**
 * The logits loop for L = KP/2 ≤ 8 lane pairs with z in registers a0 … a{L−1}: L is a
 * constant at each call, so the unused accumulators and branches fold away. Same order of
 * operations as the loop in memory. touch ≠ 0 (a constant too): each non-zero's row is also
 * loaded at that byte offset, the loads OR-ed into the returned sink.
 */
// @ts-ignore: decorator
@inline function logitsInRegisters<T>(L: i32, indptr: usize, indices: usize, values: usize, rows: i32, theta: usize, rowBytes: usize, Z: usize, touch: usize): v128 {
  let kpb = <usize>L << 4;
  let zero = f64x2.splat(0);
  let sink = zero;
  for (let t = 0; t < rows; t++) {
    let e = <usize>load<i32>(indptr + (<usize>t << 2));
    let end = <usize>load<i32>(indptr + (<usize>t << 2), 4);
    let a0 = v128.load(theta);
    let a1 = L > 1 ? v128.load(theta, 16) : zero;
    let a2 = L > 2 ? v128.load(theta, 32) : zero;
    let a3 = L > 3 ? v128.load(theta, 48) : zero;
    let a4 = L > 4 ? v128.load(theta, 64) : zero;
    let a5 = L > 5 ? v128.load(theta, 80) : zero;
    let a6 = L > 6 ? v128.load(theta, 96) : zero;
    let a7 = L > 7 ? v128.load(theta, 112) : zero;
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
      if (touch) sink = v128.or(v128.or(sink, v128.or(v128.load(r0 + touch), v128.load(r1 + touch))), v128.or(v128.load(r2 + touch), v128.load(r3 + touch)));
      a0 = f64x2.add(a0, quad(x0, x1, x2, x3, r0, r1, r2, r3));
      if (L > 1) a1 = f64x2.add(a1, quad(x0, x1, x2, x3, r0 + 16, r1 + 16, r2 + 16, r3 + 16));
      if (L > 2) a2 = f64x2.add(a2, quad(x0, x1, x2, x3, r0 + 32, r1 + 32, r2 + 32, r3 + 32));
      if (L > 3) a3 = f64x2.add(a3, quad(x0, x1, x2, x3, r0 + 48, r1 + 48, r2 + 48, r3 + 48));
      if (L > 4) a4 = f64x2.add(a4, quad(x0, x1, x2, x3, r0 + 64, r1 + 64, r2 + 64, r3 + 64));
      if (L > 5) a5 = f64x2.add(a5, quad(x0, x1, x2, x3, r0 + 80, r1 + 80, r2 + 80, r3 + 80));
      if (L > 6) a6 = f64x2.add(a6, quad(x0, x1, x2, x3, r0 + 96, r1 + 96, r2 + 96, r3 + 96));
      if (L > 7) a7 = f64x2.add(a7, quad(x0, x1, x2, x3, r0 + 112, r1 + 112, r2 + 112, r3 + 112));
    }
    for (; e < end; e++) {
      let r = featureRow(theta, indices, e, rowBytes);
      let x = splatValue<T>(values, e);
      if (touch) sink = v128.or(sink, v128.load(r + touch));
      a0 = f64x2.add(a0, f64x2.mul(x, v128.load(r)));
      if (L > 1) a1 = f64x2.add(a1, f64x2.mul(x, v128.load(r, 16)));
      if (L > 2) a2 = f64x2.add(a2, f64x2.mul(x, v128.load(r, 32)));
      if (L > 3) a3 = f64x2.add(a3, f64x2.mul(x, v128.load(r, 48)));
      if (L > 4) a4 = f64x2.add(a4, f64x2.mul(x, v128.load(r, 64)));
      if (L > 5) a5 = f64x2.add(a5, f64x2.mul(x, v128.load(r, 80)));
      if (L > 6) a6 = f64x2.add(a6, f64x2.mul(x, v128.load(r, 96)));
      if (L > 7) a7 = f64x2.add(a7, f64x2.mul(x, v128.load(r, 112)));
    }
    let z = Z + <usize>t * kpb;
    v128.store(z, a0);
    if (L > 1) v128.store(z, a1, 16);
    if (L > 2) v128.store(z, a2, 32);
    if (L > 3) v128.store(z, a3, 48);
    if (L > 4) v128.store(z, a4, 64);
    if (L > 5) v128.store(z, a5, 80);
    if (L > 6) v128.store(z, a6, 96);
    if (L > 7) v128.store(z, a7, 112);
  }
  return sink;
}
