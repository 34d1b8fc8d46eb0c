/**
 * The kernel memory a problem needs, buffer by buffer, counted before anything is allocated
 * so that a problem beyond WebAssembly's 4 GiB is refused with TOO_LARGE (and the list of
 * what takes the room) instead of failing halfway. It mirrors what resident-matrix.ts,
 * resident-data.ts, mini-batch.ts and threads/threaded-kernels.ts allocate.
 */
import { LAYOUT, strideFor, type BackendName, type Dtype } from "../backends/backend.js";
import { getBackend } from "../backends/registry.js";
import { fail } from "../util/errors.js";

export interface ProblemShape {
  n: number;
  d: number;
  K: number;
  dtype: Dtype;
  soft: boolean;
  backend: BackendName;
}

/** Which buffers beyond the data, θ, gradient and scratch a problem will use. */
export interface ProblemUse {
  /** Whether X̂ is placed for this problem (false when a Dataset already holds it). */
  matrix: boolean;
  /** n×K probabilities kept for Hessians, Hessian-vector products or the separation check. */
  probabilities: boolean;
  /** The K(K+1)/2 Hessian blocks of Newton-Cholesky. */
  hessianBlocks: boolean;
  /** The operand of Hessian-vector products. */
  vector: boolean;
  /** Rows of an SGD mini-batch (0: none). */
  batchRows: number;
  /** Threads sharing the kernel calls (1: none); each has its own partial results. */
  threads: number;
  /** What the solver keeps in kernel memory (L-BFGS's pairs, Newton-CG's preconditioner), in bytes. */
  solverBytes?: number;
  /**
   * newton-l1's working sets: a copy of fewer than half of X̂'s columns with its own targets,
   * weights, probabilities and work buffers (ResidentData.selectColumns).
   */
  workingSet?: boolean;
}

/** What an objective alone (createObjective) may use: everything but mini-batches and threads. */
export const OBJECTIVE_USE: ProblemUse = { matrix: true, probabilities: true, hessianBlocks: false, vector: true, batchRows: 0, threads: 1 };

/** The heap rounds every allocation up to 16 bytes. */
const aligned = (bytes: number) => Math.max(16, Math.ceil(bytes / 16) * 16);

/** Bytes of each buffer the problem needs, by name. */
export function kernelBytes(shape: ProblemShape, use: ProblemUse): Record<string, number> {
  const { n, d, K, dtype, soft } = shape;
  const s = strideFor(d, dtype);
  const xRow = s * LAYOUT[dtype].bytes;
  const targetRow = soft ? K * 8 : 4;
  const scratch = aligned(getBackend(shape.backend).kernels[dtype].scratchBytes(K, s));
  const parameters = aligned(K * s * 8);
  const blocks = aligned(((K * (K + 1)) / 2) * s * s * 8);
  const parts: Record<string, number> = {
    "X̂": use.matrix ? aligned(n * xRow) : 0,
    "targets and weights": aligned(n * targetRow) + aligned(n * 8),
    "parameters, gradient and scratch": 2 * parameters + scratch,
    probabilities: use.probabilities ? aligned(n * K * 8) : 0,
    "Hessian blocks": use.hessianBlocks ? blocks : 0,
    "Hessian-vector operand": use.vector ? parameters : 0,
    "solver buffers": use.solverBytes ? aligned(use.solverBytes) : 0,
    "mini-batch": use.batchRows ? aligned(use.batchRows * xRow) + aligned(use.batchRows * targetRow) + aligned(use.batchRows * 8) : 0,
    "per-thread partial results":
      use.threads > 1 ? use.threads * (scratch + parameters + (use.hessianBlocks ? blocks : 0) + (use.vector ? parameters : 0)) : 0,
    "working set": use.workingSet ? workingSetBytes(shape) : 0,
  };
  return parts;
}

/**
 * The most a working set of fewer than d/2 columns takes: its X̂ copy, targets, weights,
 * probabilities and buffers, and Hessian blocks for a set of at most 2000 parameters
 * (newton-l1 forms a dense Hessian only up to that many).
 */
function workingSetBytes(shape: ProblemShape): number {
  const total = (d: number, use: ProblemUse) => Object.values(kernelBytes({ ...shape, d }, use)).reduce((a, b) => a + b, 0);
  const half = Math.max(1, Math.ceil(shape.d / 2));
  const dense = Math.min(half, Math.floor(2000 / shape.K) - 1);
  const blocks = dense >= 1 ? kernelBytes({ ...shape, d: dense }, { ...OBJECTIVE_USE, matrix: false, hessianBlocks: true })["Hessian blocks"] : 0;
  return total(half, OBJECTIVE_USE) + blocks;
}

/** The total of kernelBytes; throws TOO_LARGE, naming the largest buffers, when it exceeds `available`. */
export function assertFits(shape: ProblemShape, use: ProblemUse, available: number): number {
  return assertPartsFit(kernelBytes(shape, use), shape, available);
}

/** The total of a problem's buffers (by name); throws TOO_LARGE, naming the largest, when it exceeds `available`. */
export function assertPartsFit(parts: Record<string, number>, shape: ProblemShape, available: number): number {
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  if (total <= available) return total;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
  const listed = Object.entries(parts)
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, b]) => `${name} ${gib(b)}`)
    .join(", ");
  return fail(
    "TOO_LARGE",
    `the problem (${shape.n} rows × ${shape.d} features × ${shape.K} classes, ${shape.dtype}) needs ${gib(total)} of kernel memory ` +
      `(${listed}) but WebAssembly memory holds ${gib(available)}; use fewer rows or features, dtype "float32", or another solver`,
  );
}

/**
 * The least a problem of this shape needs (X̂, two classes, no extras), checked on X's shape
 * alone, before y, the weights or any value of X is read.
 */
export function assertShapeFits(n: number, d: number, dtype: Dtype, backend: BackendName, available: number): void {
  assertFits({ n, d, K: 2, dtype, soft: false, backend }, { matrix: true, probabilities: false, hessianBlocks: false, vector: false, batchRows: 0, threads: 1 }, available);
}
