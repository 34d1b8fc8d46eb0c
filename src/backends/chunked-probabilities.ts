/**
 * Predictions of new rows (probabilities, log-probabilities or logits) under fitted parameters,
 * through a backend's kernels. Rows go through kernel memory in chunks of at most CHUNK_ROWS
 * (and CHUNK_BYTES of X̂ or outputs), so predicting on a large X needs bounded memory; small
 * buffers are kept between calls (freed by `release`). Every size takes this path: a scalar
 * JavaScript port of the module's arithmetic (bit-identical) was measured 1.8× slower than the
 * kernels already at 2 rows and 4× at 100 rows and more (d = 4, K = 3), so nothing is computed
 * outside the module.
 */
import { strideFor, type Backend, type Kernels } from "./backend.js";
import type { MatrixSource } from "../input/matrix.js";

/** What a prediction writes per row: the name of its kernel. */
export type PredictionKind = keyof Pick<Kernels, "probabilities" | "logProbabilities" | "logits">;

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
  /** θ with the kernels' padded stride, K × s. */
  private readonly padded: Float64Array;
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
    this.padded = new Float64Array(K * this.s);
    for (let k = 0; k < K; k++) this.padded.set(this.theta.subarray(k * (d + 1), (k + 1) * (d + 1)), k * this.s);
  }

  /**
   * Row-major n×K outputs of the rows of X (each value read, and checked, once) into `out`
   * (length n·K). Returns the first row with
   * a non-finite value (the logits overflowed float64), or −1.
   */
  evaluate(X: MatrixSource, kind: PredictionKind, out: Float64Array): number {
    const K = this.K;
    return this.run(X, kind, (f, from, start, rows) => {
      let bad = -1;
      for (let i = 0, n = rows * K, to = start * K; i < n; i++) {
        const v = f[from + i];
        if (bad < 0 && !Number.isFinite(v)) bad = start + Math.floor(i / K);
        out[to + i] = v;
      }
      return bad;
    });
  }

  /** The same outputs as rows of numbers (built straight from kernel memory), and the first bad row or −1. */
  evaluateRows(X: MatrixSource, kind: PredictionKind): { rows: number[][]; bad: number } {
    const K = this.K;
    const result: number[][] = new Array(X.rows);
    const bad = this.run(X, kind, (f, from, start, rows) => {
      let bad = -1;
      for (let i = 0; i < rows; i++, from += K) {
        const row: number[] = new Array(K);
        for (let k = 0; k < K; k++) {
          const v = f[from + k];
          if (bad < 0 && !Number.isFinite(v)) bad = start + i;
          row[k] = v;
        }
        result[start + i] = row;
      }
      return bad;
    });
    return { rows: result, bad };
  }

  /**
   * Runs `kind` over X chunk by chunk; `take` reads each chunk's rows·K outputs from the heap
   * view at `from` and returns a bad row or −1. Returns the first bad row or −1.
   */
  private run(X: MatrixSource, kind: PredictionKind, take: (f: Float64Array, from: number, start: number, rows: number) => number): number {
    const { K, s } = this;
    if (X.rows === 0) return -1;
    const b = this.allocate(Math.min(X.rows, CHUNK_ROWS, Math.max(1, Math.floor(CHUNK_BYTES / (Math.max(s, K) * 8)))));
    const kernel = this.backend.kernels.float64[kind];
    let bad = -1;
    try {
      for (let start = 0; start < X.rows; start += b.rows) {
        const rows = Math.min(b.rows, X.rows - start);
        const f = this.backend.heap.f64;
        // Padding untouched (zeroed once in allocate); the intercept column is 1.
        for (let i = 0; i < rows; i++) f[(b.x >>> 3) + i * s] = 1;
        X.copyRows(start, rows, f, (b.x >>> 3) + 1, s);
        kernel(b.x, rows, s, K, b.theta, b.out, b.scratch);
        const chunkBad = take(f, b.out >>> 3, start, rows);
        if (bad < 0) bad = chunkBad;
      }
    } finally {
      // A model keeps small buffers between calls (one row, a small batch); large ones go back
      // to the shared memory at once, so that many live models do not hold megabytes each.
      if (b.rows * (s + K) * 8 > KEEP_BYTES) this.release();
    }
    return bad;
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
    const { K, s } = this;
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
    f.set(this.padded, b.theta >>> 3);
    this.buffers = b;
    return b;
  }
}
