/**
 * The CSR kernels' interface, shared by the WebAssembly module (assembly/sparse/) and its
 * pure-JS twin (js-sparse.ts). Arguments are pointers into the backend's heap and sizes,
 * the ABI of assembly/sparse/kernels.ts:
 *
 * - indptr (n + 1 int32 entry offsets, absolute), indices (int32 columns), values (f64, or
 *   f32 for dtype "float32": promoted to f64 on load, all arithmetic f64);
 * - θ, gradients and Hessian-vector operands FEATURE-MAJOR: m = d + 1 rows of KP doubles (KP =
 *   K rounded up to even, pad lane 0), row 0 the intercepts, row 1 + j feature j, so that one
 *   non-zero is one K-wide SIMD axpy; rows `stride` doubles apart (grad shares θ's stride, the
 *   Hessian-vector output v's), which lets the gradient interleave with θ (stride 2·KP);
 * - targets, weights and probabilities as for the dense kernels.
 */
import type { Dtype } from "./backend.js";

export interface SparseKernels {
  /** Σ w·CE; grad ≠ 0: overwritten (m rows of KP at θ's stride) with Σ w x̂ ⊗ (p − y); probOut ≠ 0: receives p (n×K). */
  lossGradient(
    indptr: number, indices: number, values: number, n: number, m: number, K: number, theta: number, stride: number,
    y: number, soft: number, w: number, grad: number, probOut: number, scratch: number,
  ): number;
  /** out (n×K) = softmax(θᵀ x̂), the bits lossGradient's p has. */
  probabilities(indptr: number, indices: number, values: number, n: number, K: number, theta: number, stride: number, out: number, scratch: number): void;
  /** out (n×K) = θᵀ x̂, the logits. */
  logits(indptr: number, indices: number, values: number, n: number, K: number, theta: number, stride: number, out: number, scratch: number): void;
  /** out (m rows of KP at v's stride, overwritten) = H v without forming H. */
  hessianVector(
    indptr: number, indices: number, values: number, n: number, m: number, K: number, p: number, w: number, v: number, stride: number,
    out: number, scratch: number,
  ): void;
  /**
   * out ((m·KP)² doubles, row-major, overwritten on the blocks a ≤ b) = Σ w x̂x̂ᵀ ⊗ (diag p − ppᵀ),
   * index a·KP + k for feature row a and class k.
   */
  hessian(indptr: number, indices: number, values: number, n: number, m: number, K: number, p: number, w: number, out: number, scratch: number): void;
  /** Scratch bytes every sparse kernel may use for K classes. */
  scratchBytes(K: number): number;

  // The sparse Newton-CG's vector work (assembly/sparse/cg.ts) on vectors of `rows` rows of
  // `lanes` = KP doubles, rows `stride` doubles apart (two vectors may interleave at stride
  // 2·KP); `inverse` holds one preconditioner value per row; sums are written as two doubles
  // at `sums`. No values are read: one kernel for both dtypes.
  /** x = 0, p = M⁻¹r; sums = (rᵀM⁻¹r, rᵀr). */
  cgStart(x: number, r: number, p: number, inverse: number, rows: number, lanes: number, stride: number, sums: number): void;
  /** x += α·p, r −= α·hp; sums = (rᵀr, rᵀM⁻¹r) of the new r. */
  cgUpdate(x: number, r: number, p: number, hp: number, inverse: number, rows: number, lanes: number, stride: number, alpha: number, sums: number): void;
  /** p = M⁻¹r + β·p. */
  cgDirection(r: number, p: number, inverse: number, rows: number, lanes: number, stride: number, beta: number): void;
  /**
   * hp ← 0 on rows below absentRows, else hp·scale + (row ≥ penalisedFrom ? l2·p : 0);
   * returns pᵀhp.
   */
  hessianFinish(p: number, hp: number, rows: number, lanes: number, stride: number, scale: number, l2: number, absentRows: number, penalisedFrom: number): number;

  // The conversions between the compact parameter layout and the kernels' rows
  // (assembly/sparse/transpose.ts), a block of columns at a time: `block` holds K rows of
  // `cols` doubles (block[k·cols + c] is column j0 + c of class k), staged by the caller;
  // column c's layout row is rowMap[c] (int32s in the heap), or c when rowMap is 0.
  /**
   * Lanes 0 … K−1 of the columns' layout rows (`stride` doubles apart from `layout`) ← the
   * block; one double at `sums` ← Σ θ² over the columns c ≥ penalisedFrom (in transpose.ts's
   * order). Returns 1 when some value of the block is not finite, else 0 (the rows are written
   * either way).
   */
  toLayout(block: number, cols: number, K: number, layout: number, stride: number, rowMap: number, penalisedFrom: number, sums: number): number;
  /** The block ← scale·(lanes offset … offset + K − 1 of each column's row) + l2·(lanes 0 … K − 1) on the columns c ≥ penalisedFrom. */
  fromLayout(layout: number, stride: number, rowMap: number, offset: number, block: number, cols: number, K: number, scale: number, l2: number, penalisedFrom: number): void;
  /** The index of the first non-finite of `count` doubles at `values`, or −1 (createObjective's check of θ and v). */
  firstNonFinite(values: number, count: number): number;
}

/** The sparse solver kernels: training-backends.ts adds their pure-JS twins, so predict-only bundles leave them out. */
export type SparseSolverKernels = Pick<SparseKernels, "cgStart" | "cgUpdate" | "cgDirection" | "hessianFinish" | "toLayout" | "fromLayout" | "firstNonFinite">;
export const SPARSE_SOLVER_KERNELS = ["cgStart", "cgUpdate", "cgDirection", "hessianFinish", "toLayout", "fromLayout", "firstNonFinite"] as const;

/** The sparse kernels that run on rows, in the order thread workers number them. */
export const SPARSE_ROW_KERNELS = ["lossGradient", "probabilities", "logits", "hessianVector", "hessian"] as const;

type Capitalised<K extends string> = K extends `${infer F}${infer R}` ? `${Uppercase<F>}${R}` : K;

/** The module's export name of a sparse kernel: `sparse` + its name, `32` appended for f32 values. */
export type SparseKernelExport<K extends keyof SparseKernels = keyof SparseKernels> = `sparse${Capitalised<K>}${"" | "32"}`;

/** The export name of a sparse row kernel, any dtype. */
export type SparseRowKernelExport = SparseKernelExport<(typeof SPARSE_ROW_KERNELS)[number]>;

/** The module's export name of a sparse kernel for dtype: sparseLossGradient, sparseLossGradient32, … */
export function sparseKernelExport<K extends keyof SparseKernels>(kernel: K, dtype: Dtype): SparseKernelExport<K> {
  const name = `sparse${kernel[0].toUpperCase()}${kernel.slice(1)}` as SparseKernelExport<K>;
  // scratchBytes takes K only and the CG kernels read no values: the same for both value types.
  return kernel === "scratchBytes" || (SPARSE_SOLVER_KERNELS as readonly string[]).includes(kernel) || dtype === "float64" ? name : (`${name}32` as SparseKernelExport<K>);
}

/** KP: K rounded up to even, the stride of θ's feature rows. */
export function paddedClasses(K: number): number {
  return (K + 1) & ~1;
}
