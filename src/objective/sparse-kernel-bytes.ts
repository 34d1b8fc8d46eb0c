/**
 * The kernel memory a CSR problem needs, buffer by buffer (kernel-bytes.ts for the dense
 * layout), counted before anything is allocated. It mirrors what resident-csr.ts,
 * sparse-resident-data.ts, mini-batch.ts and threads/threaded-sparse-kernels.ts allocate.
 */
import { getBackend } from "../backends/training-backends.js";
import { paddedClasses } from "../backends/sparse-kernels.js";
import { OBJECTIVE_USE, assertPartsFit, type ProblemShape, type ProblemUse } from "./kernel-bytes.js";
import { ResidentCsr } from "./resident-csr.js";
import { stagingBytes } from "./sparse-resident-data.js";

/** The heap rounds every allocation up to 16 bytes. */
const aligned = (bytes: number) => Math.max(16, Math.ceil(bytes / 16) * 16);

/** Bytes of each buffer of a CSR problem with `entries` stored entries (at most), by name. */
export function sparseKernelBytes(shape: ProblemShape, entries: number, use: ProblemUse): Record<string, number> {
  const { n, d, K, dtype, soft } = shape;
  const KP = paddedClasses(K);
  const m = d + 1;
  const targetRow = soft ? K * 8 : 4;
  const scratch = aligned(getBackend(shape.backend).sparse[dtype].scratchBytes(K));
  // θ with the gradient interleaved (and v with the Hessian-vector product), 2·KP per feature.
  const interleaved = aligned(m * 2 * KP * 8);
  const hessian = aligned((m * KP) ** 2 * 8);
  const batchEntries = use.batchRows ? Math.min(entries, Math.ceil((entries / n) * use.batchRows * 4)) : 0;
  return {
    "CSR matrix": use.matrix ? aligned(ResidentCsr.bytes(n, d, entries, dtype)) : 0,
    "targets and weights": aligned(n * targetRow) + aligned(n * 8),
    "parameters, gradient and scratch": interleaved + scratch + aligned(stagingBytes(d, K)),
    probabilities: use.probabilities ? aligned(n * K * 8) : 0,
    Hessian: use.hessianBlocks ? hessian : 0,
    "Hessian-vector operand": use.vector ? interleaved : 0,
    "mini-batch": use.batchRows ? aligned((use.batchRows + 1) * 4) + aligned(use.batchRows * targetRow) + aligned(use.batchRows * 8) + aligned(batchEntries * 12) : 0,
    "per-thread partial results":
      use.threads > 1 ? use.threads * (scratch + interleaved + (use.hessianBlocks ? hessian : 0) + (use.vector ? interleaved : 0)) : 0,
    "working set": use.workingSet ? workingSetBytes(shape, entries) : 0,
    "solver buffers": use.solverBytes ? aligned(use.solverBytes) : 0,
  };
}

/**
 * The most one of newton-l1's working sets takes (SparseResidentData.selectColumns): a CSR
 * copy of fewer than d/2 columns (at most every entry), its own buffers, and a Hessian for a
 * set of at most 2000 parameters (newton-l1 forms a dense Hessian only up to that many).
 */
function workingSetBytes(shape: ProblemShape, entries: number): number {
  const half = Math.max(1, Math.ceil(shape.d / 2));
  const dense = Math.min(half, Math.floor(2000 / shape.K) - 1);
  const parts = sparseKernelBytes({ ...shape, d: half }, entries, OBJECTIVE_USE);
  const hessian = dense >= 1 ? aligned(((dense + 1) * paddedClasses(shape.K)) ** 2 * 8) : 0;
  return Object.values(parts).reduce((a, b) => a + b, 0) + hessian;
}

/** The total of sparseKernelBytes; throws TOO_LARGE naming the largest buffers beyond `available`. */
export function assertSparseFits(shape: ProblemShape, entries: number, use: ProblemUse, available: number): number {
  return assertPartsFit(sparseKernelBytes(shape, entries, use), shape, available);
}
