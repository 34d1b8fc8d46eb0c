// The dense Hessian of the summed loss on CSR rows, for Newton-Cholesky where K(d+1) is
// small: H = Σ_n x̂_n x̂_nᵀ ⊗ A_n with A_n = w_n (diag p_n − p_n p_nᵀ), in the feature-major
// parameter order (index a·KP + k for feature row a, class k). Per row, A_n is formed once
// (K × KP, pad column 0) and for every pair of the row's entries a ≤ b (the intercept, entry
// 1.0 at row 0, included) the K × K block (a, b) receives x_a x_b A_n: K SIMD axpys of KP
// doubles. Cost Σ_n (nnz_n + 1)(nnz_n + 2)/2 · K·KP, independent of d.

import { paddedK } from "../layout";
import { zeroDoubles } from "../simd";
import { valueAt } from "./values";

/** Column (feature row) and value of entry i of a row: i = 0 the intercept, then the non-zeros. */
// @ts-ignore: decorator
@inline function entryColumn(indices: usize, e0: usize, i: usize): usize {
  return i == 0 ? 0 : <usize>load<i32>(indices + ((e0 + i - 1) << 2)) + 1;
}
// @ts-ignore: decorator
@inline function entryValue(valueBytes: i32, values: usize, e0: usize, i: usize): f64 {
  return i == 0 ? 1.0 : valueAt(valueBytes, values, e0 + i - 1);
}

/**
 * out ((m·KP)² doubles, row-major, overwritten) = Σ_n x̂_n x̂_nᵀ ⊗ w_n (diag p_n − p_n p_nᵀ) on
 * the blocks (a, b) with a ≤ b (all K × K entries of each; blocks with a > b and the pad rows
 * and columns are unspecified). A column repeated within a row counts as the sum of its values.
 */
export function sparseHessianOf(
  valueBytes: i32, indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize
): void {
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let kb = <usize>K << 3;
  let rowBytes = <usize>m * kpb;
  zeroDoubles(out, <usize>m * <usize>KP * <usize>m * <usize>KP);
  let A = scratch + 16;
  for (let row = 0; row < n; row++) {
    let wt = load<f64>(w + (<usize>row << 3));
    let pr = p + <usize>row * kb;
    for (let k = 0; k < K; k++) {
      let pk = wt * load<f64>(pr + (<usize>k << 3));
      let ak = A + <usize>k * kpb;
      for (let l = 0; l < K; l++) {
        let pl = load<f64>(pr + (<usize>l << 3));
        store<f64>(ak + (<usize>l << 3), pk * (select<f64>(1.0, 0.0, k == l) - pl));
      }
      if (K & 1) store<f64>(ak + kb, 0.0);
    }
    let e0 = <usize>load<i32>(indptr + (<usize>row << 2));
    let count = <usize>load<i32>(indptr + (<usize>row << 2), 4) - e0 + 1;
    for (let i: usize = 0; i < count; i++) {
      let ci = entryColumn(indices, e0, i);
      let xi = entryValue(valueBytes, values, e0, i);
      for (let j = i; j < count; j++) {
        let cj = entryColumn(indices, e0, j);
        let c = xi * entryValue(valueBytes, values, e0, j);
        // Two entries of one column are one value x + x': its square has the cross term twice.
        if (j != i && ci == cj) c += c;
        let a = min(ci, cj);
        let b = max(ci, cj);
        let block = out + a * <usize>KP * rowBytes + b * kpb;
        let cv = f64x2.splat(c);
        for (let k = 0; k < K; k++) {
          let target = block + <usize>k * rowBytes;
          let ak = A + <usize>k * kpb;
          for (let o: usize = 0; o < kpb; o += 16) {
            v128.store(target + o, f64x2.add(v128.load(target + o), f64x2.mul(cv, v128.load(ak + o))));
          }
        }
      }
    }
  }
}
