/**
 * What the Objective (and its mini-batches) needs from a training set in kernel memory,
 * whatever its layout: dense padded rows (resident-data.ts) or CSR
 * (sparse-resident-data.ts). Everything is in the compact parameter layout θ[k(d+1) + j];
 * sums are over rows, unnormalised: the Objective owns the normalisation and the penalty.
 */
import type { Dtype } from "../backends/backend.js";

/** Rows gathered into kernel memory for one mini-batch; what it holds is the layout's business. */
export interface RowBlockHandle {
  readonly capacity: number;
}

export interface Resident {
  /** Rows, features, classes. */
  readonly n: number;
  readonly d: number;
  readonly K: number;
  /** Number of parameters, K(d+1). */
  readonly size: number;
  readonly soft: boolean;
  /** Whether the model has intercepts (else their parameters stay 0). */
  readonly fitIntercept: boolean;
  /** Σ of the sample weights. */
  readonly weightSum: number;
  readonly dtype: Dtype;

  /** Σ w·CE at θ; `grad` receives Σ w (p − y) ⊗ x̂; `keepProbabilities` keeps p for the Hessian. */
  lossGradient(theta: Float64Array, grad: Float64Array | null, keepProbabilities?: boolean): number;
  /** The summed P×P Hessian Σ w (diag p − ppᵀ) ⊗ x̂x̂ᵀ (row-major, symmetric) at the kept probabilities. */
  hessian(out: Float64Array): void;
  /** out = Σ w (diag p − ppᵀ)(V x̂) ⊗ x̂ at the kept probabilities. */
  hessianVector(v: Float64Array, out: Float64Array): void;
  /** Σ w‖x̂‖² over the rows (x̂ with its intercept entry when the model has one). */
  weightedSquaredNorm(): number;

  /** The n sample weights (a view of kernel memory: read it before the next allocation). */
  weights(): Float64Array;
  /** The n class indices, or null for soft targets. */
  labels(): Int32Array | null;
  /** The n × K probabilities of the last evaluation that kept them, or null. */
  keptProbabilities(): Float64Array | null;

  /** A block for `capacity` gathered rows (freed with the data). */
  allocateBlock(capacity: number): RowBlockHandle;
  freeBlock(block: RowBlockHandle): void;
  /** Copy the rows `rows[0..count)` into `block`. */
  gatherRows(rows: Int32Array, count: number, block: RowBlockHandle): void;
  /** Like lossGradient (grad required, nothing kept) on the first `count` rows of `block`. */
  lossGradientOfBlock(block: RowBlockHandle, count: number, theta: Float64Array, grad: Float64Array): number;

  /**
   * The same rows, targets and weights with only the feature columns `columns` (0-based,
   * ascending), in kernel memory of their own, freed with this data or by their own dispose
   * (the L1 solver's working sets).
   */
  selectColumns(columns: Int32Array): Resident;

  /** Free the kernel memory; further use throws DISPOSED. */
  dispose(): void;
}
