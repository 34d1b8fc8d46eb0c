// Predictions on CSR rows: logits alone (the decision function) and softmax probabilities,
// through the very logits and softmax code of the sparse loss, so predictions carry the bits
// training saw.

import { paddedK, tileArray, rowArray, expTablePtr } from "../layout";
import { softmaxTile } from "../softmax";
import { copyDoubles } from "../simd";
import { logitsTile, sparseTileRows } from "./values";

/** out (n×K, row-major) = softmax(θᵀ x̂_n) for the n CSR rows; bit-identical to the loss's p. */
export function sparseProbabilitiesOf(
  valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize
): void {
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let Z = tileArray<f64>(scratch, K, 0, 0);
  let P = tileArray<f64>(scratch, K, 0, 1);
  let LSE = rowArray<f64>(scratch, K, 0, 0);
  let SUMS = rowArray<f64>(scratch, K, 0, 1);
  for (let t0 = 0; t0 < n; t0 += sparseTileRows()) {
    let rows = min(sparseTileRows(), n - t0);
    logitsTile(valueBytes, indptr + (<usize>t0 << 2), indices, values, rows, kpb, theta, <usize>stride << 3, Z);
    softmaxTile(Z, rows, K, P, kpb, LSE, SUMS, expTablePtr(scratch), true, true);
    for (let t = 0; t < rows; t++) copyDoubles(out + <usize>(t0 + t) * kb, P + <usize>t * kpb, kb);
  }
}

/** out (n×K, row-major) = θᵀ x̂_n, the logits of the n CSR rows. */
export function sparseLogitsOf(
  valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize
): void {
  let kb = <usize>K << 3;
  let kpb = <usize>paddedK(K) << 3;
  let Z = tileArray<f64>(scratch, K, 0, 0);
  for (let t0 = 0; t0 < n; t0 += sparseTileRows()) {
    let rows = min(sparseTileRows(), n - t0);
    logitsTile(valueBytes, indptr + (<usize>t0 << 2), indices, values, rows, kpb, theta, <usize>stride << 3, Z);
    for (let t = 0; t < rows; t++) copyDoubles(out + <usize>(t0 + t) * kb, Z + <usize>t * kpb, kb);
  }
}
