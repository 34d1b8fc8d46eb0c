/**
 * Probabilities of new rows under fitted parameters, through a backend's kernels. Rows go
 * through kernel memory in chunks of at most CHUNK_ROWS (and CHUNK_BYTES of X̂), so predicting on a large X needs
 * bounded memory; the buffers are kept between calls (freed by `release`).
 */
import { strideFor, type Backend } from "./backend.js";
import type { MatrixSource } from "../input/matrix.js";

const CHUNK_ROWS = 4096;
/** X̂ and the probabilities of a chunk stay within this: with many features or classes, fewer rows (the main memory never shrinks). */
const CHUNK_BYTES = 4 * 2 ** 20;
/** Buffers up to this size are kept between calls. */
const KEEP_BYTES = 256 * 2 ** 10;

interface Buffers {
  rows: number;
  x: number;
  theta: number;
  out: number;
  scratch: number;
}

export class ProbabilityEvaluator {
  private readonly backend: Backend;
  private readonly theta: Float64Array;
  private readonly K: number;
  private readonly d: number;
  private readonly s: number;
  private buffers?: Buffers;

  /** θ in the compact layout K×(d+1). */
  constructor(backend: Backend, theta: Float64Array, K: number, d: number) {
    this.backend = backend;
    this.theta = Float64Array.from(theta);
    this.K = K;
    this.d = d;
    this.s = strideFor(d, "float64");
  }

  /** Row-major n×K probabilities of the rows of X (each value read, and checked, once). */
  evaluate(X: MatrixSource): Float64Array {
    const { K, s } = this;
    const b = this.allocate(Math.min(X.rows, CHUNK_ROWS, Math.max(1, Math.floor(CHUNK_BYTES / (Math.max(s, K) * 8)))));
    const result = new Float64Array(X.rows * K);
    try {
      for (let start = 0; start < X.rows; start += b.rows) {
        const rows = Math.min(b.rows, X.rows - start);
        const f = this.backend.heap.f64;
        for (let i = 0; i < rows; i++) f[(b.x >>> 3) + i * s] = 1;
        X.copyRows(start, rows, f, (b.x >>> 3) + 1, s);
        this.backend.kernels.float64.probabilities(b.x, rows, s, K, b.theta, b.out, b.scratch);
        result.set(this.backend.heap.f64.subarray(b.out >>> 3, (b.out >>> 3) + rows * K), start * K);
      }
    } finally {
      // A model keeps small buffers between calls (one row, a small batch); large ones go back
      // to the shared memory at once, so that many live models do not hold megabytes each.
      if (b.rows * (s + K) * 8 > KEEP_BYTES) this.release();
    }
    return result;
  }

  /** Free the kernel memory held between calls. */
  release(): void {
    if (!this.buffers) return;
    const { x, theta, out, scratch } = this.buffers;
    for (const p of [x, theta, out, scratch]) this.backend.heap.free(p);
    this.buffers = undefined;
  }

  private allocate(rows: number): Buffers {
    if (this.buffers && this.buffers.rows >= rows) return this.buffers;
    this.release();
    const { K, d, s } = this;
    const heap = this.backend.heap;
    // All or nothing: a buffer that does not fit must not leave the others allocated.
    const allocated: number[] = [];
    const alloc = (bytes: number) => {
      try {
        allocated.push(heap.alloc(bytes));
      } catch (e) {
        for (const p of allocated) heap.free(p);
        throw e;
      }
      return allocated[allocated.length - 1];
    };
    const b: Buffers = {
      rows,
      x: alloc(rows * s * 8),
      theta: alloc(K * s * 8),
      out: alloc(rows * K * 8),
      scratch: alloc(this.backend.kernels.float64.scratchBytes(K, s)),
    };
    const f = heap.f64;
    // Zero the padding once: it never changes, and reused memory may hold anything.
    f.fill(0, b.x >>> 3, (b.x >>> 3) + rows * s);
    f.fill(0, b.theta >>> 3, (b.theta >>> 3) + K * s);
    for (let k = 0; k < K; k++) f.set(this.theta.subarray(k * (d + 1), (k + 1) * (d + 1)), (b.theta >>> 3) + k * s);
    this.buffers = b;
    return b;
  }
}
