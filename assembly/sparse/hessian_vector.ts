// Hessian-vector product on CSR rows without forming H (Newton-CG): u = Vᵀ x̂ (the logits
// pass with V in θ's place), r = w p ⊙ (u − pᵀu) (the dense kernels' rows.ts), out += x̂ ⊗ r
// (the gradient's scatter).

import { paddedK, tileArray } from "../layout";
import { jacobianRows } from "../rows";
import { logitsBeforeScatterTile, scatterTile, zeroRows, sparseTileRows } from "./values";

/**
 * out (m rows of KP at v's stride, feature-major, overwritten) = H v for the probabilities p (n×K) and weights w of
 * the n CSR rows; v in θ's layout.
 */
export function sparseHessianVectorOf(
  valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, v: usize, stride: i32, out: usize, scratch: usize
): void {
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let U = tileArray<f64>(scratch, K, 0, 0);
  let R = tileArray<f64>(scratch, K, 0, 2);
  let rowBytes = <usize>stride << 3;
  zeroRows(out, m, KP, rowBytes);
  for (let t0 = 0; t0 < n; t0 += sparseTileRows()) {
    let rows = min(sparseTileRows(), n - t0);
    let ip = indptr + (<usize>t0 << 2);
    logitsBeforeScatterTile(valueBytes, ip, indices, values, rows, kpb, v, rowBytes, U, out, scratch);
    jacobianRows(U, R, kpb, rows, t0, K, p, w);
    scatterTile(valueBytes, ip, indices, values, rows, kpb, R, out, rowBytes);
  }
}
