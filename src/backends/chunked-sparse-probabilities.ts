/**
 * Probabilities of CSR rows under fitted parameters, through a backend's sparse kernels: the
 * rows go through kernel memory in chunks (at most CHUNK_ROWS rows and CHUNK_ENTRIES entries,
 * one row more when a single row is longer), so predicting on a large X needs bounded memory.
 * θ is kept feature-major between calls; every buffer is freed by `release`.
 */
import type { Backend } from "./backend.js";
import { paddedClasses } from "./sparse-kernels.js";
import type { CsrSource } from "../input/csr-matrix.js";

const CHUNK_ROWS = 4096;
const CHUNK_ENTRIES = 1 << 18;

interface Buffers {
  rows: number;
  entries: number;
  indptr: number;
  indices: number;
  values: number;
  out: number;
}

export class SparseProbabilityEvaluator {
  private readonly backend: Backend;
  private readonly theta: Float64Array;
  private readonly K: number;
  private readonly d: number;
  private thetaPtr = 0;
  private scratch = 0;
  private buffers?: Buffers;

  /** θ in the compact layout K×(d+1). */
  constructor(backend: Backend, theta: Float64Array, K: number, d: number) {
    this.backend = backend;
    this.theta = Float64Array.from(theta);
    this.K = K;
    this.d = d;
  }

  /** Row-major n×K probabilities (or logits) of the rows of X (each entry read, and checked, once). */
  evaluate(X: CsrSource, logits = false): Float64Array {
    const { K } = this;
    const KP = paddedClasses(K);
    this.prepare();
    const result = new Float64Array(X.rows * K);
    const kernels = this.backend.sparse.float64;
    for (let start = 0; start < X.rows; ) {
      let end = start + 1;
      while (end < X.rows && end - start < CHUNK_ROWS && X.entries(start, end + 1 - start) <= CHUNK_ENTRIES) end++;
      const rows = end - start;
      const b = this.allocate(rows, X.entries(start, rows));
      const heap = this.backend.heap;
      X.copyRows(start, rows, heap.i32.subarray(b.indptr >>> 2), 0, heap.i32.subarray(b.indices >>> 2), heap.f64.subarray(b.values >>> 3), 0);
      const run = logits ? kernels.logits : kernels.probabilities;
      run(b.indptr, b.indices, b.values, rows, K, this.thetaPtr, KP, b.out, this.scratch);
      result.set(heap.f64.subarray(b.out >>> 3, (b.out >>> 3) + rows * K), start * K);
      start = end;
    }
    return result;
  }

  /** Free the kernel memory held between calls. */
  release(): void {
    const heap = this.backend.heap;
    if (this.buffers) for (const p of [this.buffers.indptr, this.buffers.indices, this.buffers.values, this.buffers.out]) heap.free(p);
    if (this.thetaPtr) heap.free(this.thetaPtr);
    if (this.scratch) heap.free(this.scratch);
    this.buffers = undefined;
    this.thetaPtr = this.scratch = 0;
  }

  /** θ feature-major (row 0 the intercepts, pad lane 0) and the scratch, once. */
  private prepare(): void {
    if (this.thetaPtr) return;
    const { K, d } = this;
    const KP = paddedClasses(K);
    const m = d + 1;
    const heap = this.backend.heap;
    this.scratch = heap.alloc(this.backend.sparse.float64.scratchBytes(K));
    this.thetaPtr = heap.alloc(m * KP * 8);
    const f = heap.f64;
    const base = this.thetaPtr >>> 3;
    f.fill(0, base, base + m * KP);
    for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) f[base + j * KP + k] = this.theta[k * m + j];
  }

  private allocate(rows: number, entries: number): Buffers {
    const held = this.buffers;
    if (held && held.rows >= rows && held.entries >= entries) return held;
    const heap = this.backend.heap;
    const wantRows = Math.max(rows, held?.rows ?? 0);
    const wantEntries = Math.max(entries, held?.entries ?? 0, 1);
    if (held) for (const p of [held.indptr, held.indices, held.values, held.out]) heap.free(p);
    this.buffers = undefined;
    const b: Buffers = {
      rows: wantRows,
      entries: wantEntries,
      indptr: heap.alloc((wantRows + 1) * 4),
      indices: heap.alloc(wantEntries * 4),
      values: heap.alloc(wantEntries * 8),
      out: heap.alloc(wantRows * this.K * 8),
    };
    this.buffers = b;
    return b;
  }
}
