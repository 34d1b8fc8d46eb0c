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
  /** out (m rows of KP at v's stride, overwritten) = H v without forming H; zeroed ≠ 0: out's rows are zero already (not zeroed again). */
  hessianVector(
    indptr: number, indices: number, values: number, n: number, m: number, K: number, p: number, w: number, v: number, stride: number,
    out: number, scratch: number, zeroed?: number,
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
  /**
   * x = 0, p = M⁻¹r; sums = (rᵀM⁻¹r, rᵀr); negate ≠ 0: r ← −r first (r holds the gradient);
   * zero ≠ 0: the lanes at that pointer (rows at the stride) ← 0 (the next product's out).
   */
  cgStart(x: number, r: number, p: number, inverse: number, rows: number, lanes: number, stride: number, sums: number, negate?: number, zero?: number): void;
  /** x += α·p, r −= α·hp; sums = (rᵀr, rᵀM⁻¹r) of the new r. */
  cgUpdate(x: number, r: number, p: number, hp: number, inverse: number, rows: number, lanes: number, stride: number, alpha: number, sums: number): void;
  /** p = M⁻¹r + β·p; zero ≠ 0: the lanes there ← 0, as cgStart's. */
  cgDirection(r: number, p: number, inverse: number, rows: number, lanes: number, stride: number, beta: number, zero?: number): void;
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
  /**
   * toLayout of the point block + t·x: x a layout vector (rows `xStride` doubles apart from
   * `x`, row rowMap[c] for column c as the output's), its column 0 read as 0 when zeroFirst ≠ 0.
   */
  toLayoutAlong(
    block: number, cols: number, K: number, layout: number, stride: number, rowMap: number, penalisedFrom: number, sums: number,
    x: number, xStride: number, t: number, zeroFirst: number,
  ): number;

  // The Newton-CG's other passes over the parameters (assembly/sparse/steps.ts).
  /** max |v| of `count` doubles at `values`, NaN when any is NaN (maxAbs's result). */
  maxAbs(values: number, count: number): number;
  /** old ← after − old over `count` doubles; returns max |after − old| (maxAbs's rule). */
  step(after: number, old: number, count: number): number;
  /** 1 when the two runs of `count` doubles are equal entry by entry (===), else 0. */
  equal(a: number, b: number, count: number): number;
  /**
   * slope + Σ g_t·d_t over `count` compact entries (doubles at g) from class k0, column j0 (of m)
   * on, in compact order: d lane k of layout row rowMap[j] (int32s, m of them) of the vector at
   * x (rows xStride doubles apart), 0 in column 0 when zeroFirst ≠ 0.
   */
  slope(g: number, count: number, k0: number, j0: number, m: number, x: number, xStride: number, rowMap: number, zeroFirst: number, slope: number): number;
  /**
   * out (m doubles)[0] = Σ c_n (0 unless fitIntercept), [1 + j] = Σ c_n x_nj² over stored column
   * j, c_n = w_n(1 − ‖p_n‖²)/K, rows in order; values f64 (valueBytes 8) or f32 (4).
   */
  curvatureDiagonal(valueBytes: number, indptr: number, indices: number, values: number, n: number, m: number, K: number, p: number, w: number, out: number, fitIntercept: number): void;
}

/** The sparse solver kernels: training-backends.ts adds their pure-JS twins, so predict-only bundles leave them out. */
export const SPARSE_SOLVER_KERNELS = [
  "cgStart", "cgUpdate", "cgDirection", "hessianFinish", "toLayout", "fromLayout", "firstNonFinite",
  "toLayoutAlong", "maxAbs", "step", "equal", "slope", "curvatureDiagonal",
] as const;
export type SparseSolverKernels = Pick<SparseKernels, (typeof SPARSE_SOLVER_KERNELS)[number]>;

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
