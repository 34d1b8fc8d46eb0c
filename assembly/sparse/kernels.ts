// The sparse (CSR) kernels' ABI and exports; assembly/index.ts re-exports them.
//
//   indptr  n + 1 i32 entry offsets: row t holds entries indptr[t] .. indptr[t+1] − 1 of
//           indices/values (offsets are absolute, so a row range passes indptr + start·4).
//   indices i32 column indices in 0 .. d−1, in any order within a row.
//   values  f64 (name without suffix) or f32 (name ending in 32); promoted to f64 on load,
//           all arithmetic is f64. Each pair of exports runs one driver, told the value
//           size; only the tile loops (values.ts) exist once per element type.
//   theta   m rows of KP f64, FEATURE-MAJOR: row 0 the intercepts, row 1 + j feature j;
//           m = d + 1, KP = K rounded up to even, pad lane 0; consecutive rows `stride`
//           doubles apart (stride ≥ KP, even). grad has θ's stride, the Hessian-vector out
//           v's. A stride of 2·KP with grad = theta + KP·8 interleaves the two, so the
//           gradient row a non-zero updates is next to the θ row it has just read (measured
//           on the 100 000 × 50 000 bag of words: about 10 % faster than apart).
//   y, soft, w, p, probOut: as for the dense kernels (index.ts), n rows.
//   scratch sparseScratchBytes(K) bytes, clobbered.
//
// Every output is overwritten. A row may hold a column twice: the loss, gradient, Hessian-
// vector product and Hessian treat it as one entry with the sum of the values. Results are
// deterministic (IEEE-exact SIMD only) and do not depend on the row tiling; threads may run
// any kernel on row ranges with their own outputs and scratch, as for the dense kernels.
// Flop counts for GFLOP/s: loss+gradient 4·nnz·K (+ 4·n·K for the intercept row).
// Longest argument list: sparseLossGradient's 14.

import { scratchBytesFor, paddedK } from "../layout";
import { sparseLossGradientOf } from "./gradient";
import { sparseProbabilitiesOf, sparseLogitsOf } from "./probabilities";
import { sparseHessianVectorOf } from "./hessian_vector";
import { sparseHessianOf } from "./hessian";
import { sparseCgStartOf, sparseCgUpdateOf, sparseCgDirectionOf, sparseHessianFinishOf } from "./cg";
import { sparseToLayoutOf, sparseFromLayoutOf, firstNonFiniteOf } from "./transpose";

/** Scratch bytes of every sparse kernel for K classes: the dense f64 tile arrays, or the Hessian's K × KP matrix. */
export function sparseScratchBytes(K: i32): i32 {
  return max(scratchBytesFor<f64>(K, 0), 16 + K * paddedK(K) * 8);
}

/** Σ w·CE; grad ≠ 0: overwritten with Σ w x̂ ⊗ (p − y); probOut ≠ 0: receives p (n×K). */
export function sparseLossGradient(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, theta: usize, stride: i32, y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize): f64 {
  return sparseLossGradientOf(8, indptr, indices, values, n, m, K, theta, stride, y, soft, w, grad, probOut, scratch);
}
export function sparseLossGradient32(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, theta: usize, stride: i32, y: usize, soft: i32, w: usize, grad: usize, probOut: usize, scratch: usize): f64 {
  return sparseLossGradientOf(4, indptr, indices, values, n, m, K, theta, stride, y, soft, w, grad, probOut, scratch);
}

/** out (n×K) = softmax(θᵀ x̂), bit-identical to sparseLossGradient's p. */
export function sparseProbabilities(indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize): void {
  sparseProbabilitiesOf(8, indptr, indices, values, n, K, theta, stride, out, scratch);
}
export function sparseProbabilities32(indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize): void {
  sparseProbabilitiesOf(4, indptr, indices, values, n, K, theta, stride, out, scratch);
}

/** out (n×K) = θᵀ x̂, the logits. */
export function sparseLogits(indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize): void {
  sparseLogitsOf(8, indptr, indices, values, n, K, theta, stride, out, scratch);
}
export function sparseLogits32(indptr: usize, indices: usize, values: usize, n: i32, K: i32, theta: usize, stride: i32, out: usize, scratch: usize): void {
  sparseLogitsOf(4, indptr, indices, values, n, K, theta, stride, out, scratch);
}

/** out (m rows of KP at v's stride, overwritten) = H v without forming H. */
export function sparseHessianVector(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, v: usize, stride: i32, out: usize, scratch: usize): void {
  sparseHessianVectorOf(8, indptr, indices, values, n, m, K, p, w, v, stride, out, scratch);
}
export function sparseHessianVector32(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, v: usize, stride: i32, out: usize, scratch: usize): void {
  sparseHessianVectorOf(4, indptr, indices, values, n, m, K, p, w, v, stride, out, scratch);
}

/**
 * out ((m·KP)² doubles) = the summed Hessian in the feature-major order, blocks (a, b) with
 * a ≤ b (hessian.ts).
 */
export function sparseHessian(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  sparseHessianOf(8, indptr, indices, values, n, m, K, p, w, out, scratch);
}
export function sparseHessian32(indptr: usize, indices: usize, values: usize, n: i32, m: i32, K: i32, p: usize, w: usize, out: usize, scratch: usize): void {
  sparseHessianOf(4, indptr, indices, values, n, m, K, p, w, out, scratch);
}

// The sparse Newton-CG's vector work on layout vectors (rows of `lanes` = KP doubles,
// `stride` doubles apart; cg.ts).
// One export each: no values are read.

/** x = 0, p = M⁻¹r; sums (2 f64) = (rᵀM⁻¹r, rᵀr). */
export function sparseCgStart(x: usize, r: usize, p: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, sums: usize): void {
  sparseCgStartOf(x, r, p, inverse, rows, lanes, stride, sums);
}

/** x += α·p, r −= α·hp; sums = (rᵀr, rᵀM⁻¹r). */
export function sparseCgUpdate(x: usize, r: usize, p: usize, hp: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, alpha: f64, sums: usize): void {
  sparseCgUpdateOf(x, r, p, hp, inverse, rows, lanes, stride, alpha, sums);
}

/** p = M⁻¹r + β·p. */
export function sparseCgDirection(r: usize, p: usize, inverse: usize, rows: i32, lanes: i32, stride: i32, beta: f64): void {
  sparseCgDirectionOf(r, p, inverse, rows, lanes, stride, beta);
}

/** hp ← the normalised, penalised product (cg.ts); returns pᵀhp. */
export function sparseHessianFinish(p: usize, hp: usize, rows: i32, lanes: i32, stride: i32, scale: f64, l2: f64, absentRows: i32, penalisedFrom: i32): f64 {
  return sparseHessianFinishOf(p, hp, rows, lanes, stride, scale, l2, absentRows, penalisedFrom);
}

// The conversions between the compact parameter layout and the kernels' rows (transpose.ts),
// a block of columns at a time. One export each: no values are read.

/**
 * The layout rows of columns 0 … cols−1 (row rowMap[c], or c when rowMap is 0) at `stride` ← block (K rows of cols doubles);
 * sums (1 f64) = Σ θ² over columns ≥ penalisedFrom. Returns 1 when a value of the block is not finite, else 0.
 */
export function sparseToLayout(block: usize, cols: i32, K: i32, layout: usize, stride: i32, rowMap: usize, penalisedFrom: i32, sums: usize): i32 {
  return sparseToLayoutOf(block, cols, K, layout, stride, rowMap, penalisedFrom, sums);
}

/** Block (K rows of cols doubles) ← scale·(lanes from `offset` of the columns' layout rows, mapped as above) + l2·θ lanes from column penalisedFrom on. */
export function sparseFromLayout(layout: usize, stride: i32, rowMap: usize, offset: i32, block: usize, cols: i32, K: i32, scale: f64, l2: f64, penalisedFrom: i32): void {
  sparseFromLayoutOf(layout, stride, rowMap, offset, block, cols, K, scale, l2, penalisedFrom);
}

/** The index of the first non-finite of `count` doubles, or −1 (createObjective's check of θ and v). */
export function sparseFirstNonFinite(values: usize, count: i32): i32 {
  return firstNonFiniteOf(values, count);
}
