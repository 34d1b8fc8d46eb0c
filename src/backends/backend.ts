/**
 * The kernel interface shared by the WebAssembly SIMD module and its pure-JS twin.
 * Arguments are byte offsets ("pointers") into the backend's Heap and sizes, exactly the
 * ABI of assembly/index.ts, so the code above this line does not know which one runs.
 *
 * Layout: X̂ is n rows × stride s (see strideFor), f64 or f32 by dtype, column 0 the
 * intercept column (1, or 0 without intercept), columns d+1..s-1 zero. θ, gradients and
 * Hessian-vector operands are f64, K rows × s (class-major). Targets are n int32 class
 * indices (soft = 0) or n×K probabilities (soft = 1); w holds n sample weights.
 */
import type { Heap } from "./heap.js";
import type { SparseKernels } from "./sparse-kernels.js";

export interface Kernels {
  /** Σ w·CE; when grad ≠ 0 overwrite grad with Σ w (p − y) ⊗ x̂; when probOut ≠ 0 store p (n×K). */
  lossGradient(
    x: number, n: number, s: number, K: number, theta: number,
    y: number, soft: number, w: number, grad: number, probOut: number, scratch: number,
  ): number;
  /** Softmax probabilities p (n×K) of the rows of X̂ under θ. */
  probabilities(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  /** Log-probabilities z − lse (n×K) from the logits: finite whenever z − lse is (no log of an underflowed p). */
  logProbabilities(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  /** Logits z = θ x̂ (n×K), the decision function. */
  logits(x: number, n: number, s: number, K: number, theta: number, out: number, scratch: number): void;
  /** Upper triangles of the K(K+1)/2 blocks Σ w p_k(δ_kl − p_l) x̂x̂ᵀ, block b at out + b·s²·8, pairs k ≤ l in row order. */
  hessian(x: number, n: number, s: number, K: number, p: number, w: number, out: number, scratch: number): void;
  /** out = Σ w [(diag p − ppᵀ)(V x̂)] ⊗ x̂, without forming the Hessian. */
  hessianVector(
    x: number, n: number, s: number, K: number, p: number, w: number, v: number, out: number, scratch: number,
  ): void;
  /** Bytes of scratch the kernels need for K classes and row stride s. */
  scratchBytes(K: number, s: number): number;

  // Solver kernels: the Newton-CG preconditioner's weighted Gram, Cholesky and solve.
  /** out (s×s f64, on and above the diagonal) = Σ_t a_t x̂_r x̂_rᵀ over the `count` rows r = rows[t] (i32) with f64 weights a[t]. */
  weightedGramOfRows(x: number, s: number, rows: number, count: number, a: number, out: number, scratch: number): void;
  /** Bytes of scratch weightedGramOfRows needs for row stride s. */
  gramRowsScratchBytes(s: number): number;
  /** out[t] = ((w[r]·(1 − Σ_k p[r·K + k]²)) / K) / weightSum for the `count` rows r = rows[t] (i32); p n×K f64, w n f64 (the preconditioner's row weights). */
  curvatureWeights(p: number, w: number, rows: number, count: number, K: number, weightSum: number, out: number): void;
  /** A = LLᵀ from A's upper triangle (m×m, leading dimension lda), L into the lower one; 1 on success, 0 on a pivot ≤ minPivot. */
  cholesky(a: number, m: number, lda: number, minPivot: number): number;
  /** out = (LLᵀ)⁻¹ v for K rows of stride vs (first m entries each); z: m·KP doubles of scratch (KP = K rounded up to even). */
  solveClasses(l: number, m: number, lda: number, K: number, v: number, vs: number, out: number, z: number): void;
  /**
   * L-BFGS: d = −H·g from the `stored` newest curvature pairs of a ring (S, Y: capacity rows of
   * P; rho = 1/sᵀy, yy = yᵀy per slot; alpha: capacity doubles of scratch); returns gᵀd.
   */
  twoLoop(S: number, Y: number, rho: number, yy: number, alpha: number, newest: number, stored: number, capacity: number, P: number, g: number, d: number): number;
}

/** The solver kernels: only fits run them (the pure-JS ones join a backend in training-backends.ts). */
export const SOLVER_KERNELS = ["weightedGramOfRows", "gramRowsScratchBytes", "curvatureWeights", "cholesky", "solveClasses", "twoLoop"] as const;

/** The solver kernels of a backend. */
export type SolverKernels = Pick<Kernels, (typeof SOLVER_KERNELS)[number]>;

/** Kernels that do not read X̂, exported once for every dtype. */
export const DTYPE_FREE_KERNELS = ["curvatureWeights", "cholesky", "solveClasses", "twoLoop"] as const;

/** Storage precision of X̂ (everything else is always f64). */
export type Dtype = "float64" | "float32";

/** Kernel implementations: WebAssembly SIMD or pure JavaScript. */
export type BackendName = "wasm" | "js";

/** The kernels that run on rows (every one but scratchBytes), in the order thread workers number them. */
export const ROW_KERNELS = ["lossGradient", "probabilities", "hessian", "hessianVector"] as const;

/**
 * How the WebAssembly module names each dtype's kernels: the f64 kernel's name plus this
 * suffix (assembly/index.ts exports lossGradient and lossGradient32, …). The one place that
 * knows it; every export name comes from kernelExport.
 */
const EXPORT_SUFFIX = { float64: "", float32: "32" } as const satisfies Record<Dtype, string>;

/** The export name of a row kernel, any dtype. */
export type RowKernelExport = `${(typeof ROW_KERNELS)[number]}${(typeof EXPORT_SUFFIX)[Dtype]}`;

/** The module's export name of `kernel` for `dtype`. */
export function kernelExport<K extends keyof Kernels>(kernel: K, dtype: Dtype): `${K}${(typeof EXPORT_SUFFIX)[Dtype]}` {
  return `${kernel}${EXPORT_SUFFIX[dtype]}`;
}

/** Bytes per X̂ element and the row-stride multiple (the SIMD width) for each dtype. */
export const LAYOUT: Record<Dtype, { bytes: number; strideMultiple: number }> = {
  float64: { bytes: 8, strideMultiple: 2 },
  float32: { bytes: 4, strideMultiple: 4 },
};

/** Padded row stride of X̂ (and θ) for d features: ≥ d + 1, a multiple of the SIMD width. */
export function strideFor(d: number, dtype: Dtype): number {
  const q = LAYOUT[dtype].strideMultiple;
  return Math.ceil((d + 1) / q) * q;
}

/** A kernel implementation together with the memory it addresses. */
export interface Backend {
  readonly name: BackendName;
  readonly heap: Heap;
  /** The kernels for each storage precision of X̂ (same ABI otherwise). */
  readonly kernels: Record<Dtype, Kernels>;
  /** The CSR kernels for each storage precision of the values (sparse-kernels.ts). */
  readonly sparse: Record<Dtype, SparseKernels>;
}
