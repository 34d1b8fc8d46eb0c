/**
 * A CSR matrix in kernel memory for the sparse kernels: indptr (rows + 1 int32), indices
 * (int32) and values (f64, or f32 for dtype "float32"), copied from the caller's CSR and
 * checked while copied (input/csr-matrix.ts), rows canonical. One fit owns it, or a Dataset
 * shares it between fits and predictions. The intercept is not stored: the sparse kernels
 * add θ's intercept row to every row themselves.
 */
import { LAYOUT, type Backend, type Dtype } from "../backends/backend.js";
import { allocateAll, type Heap } from "../backends/heap.js";
import { paddedClasses, type SparseKernels } from "../backends/sparse-kernels.js";
import type { CsrSource } from "../input/csr-matrix.js";
import { unboundBackend } from "./resident-matrix.js";

export class ResidentCsr {
  /** The kernel memory the arrays live in. */
  readonly heap: Heap;
  /** The kernels that run on it (bound later for a threaded fit, as ResidentMatrix's). */
  backend: Backend;
  readonly dtype: Dtype;
  readonly n: number;
  readonly d: number;
  /** Stored entries (repeated columns summed). */
  readonly nnz: number;
  /** Pointers to indptr, indices and values. */
  readonly indptr: number;
  readonly indices: number;
  readonly values: number;
  /** The largest |value|, for the overflow check of the objective. */
  readonly largest: number;
  private released = false;

  /** Bytes a CSR matrix of n rows and `entries` entries takes. */
  static bytes(n: number, entries: number, dtype: Dtype): number {
    return (n + 1) * 4 + entries * (4 + LAYOUT[dtype].bytes);
  }

  /**
   * Copy `source` into the heap of `backend` (a Backend, or just a heap whose kernels come
   * later); on any failure (a bad value, no memory) nothing stays allocated.
   */
  constructor(backend: Backend | { heap: Heap }, source: CsrSource, dtype: Dtype) {
    this.heap = backend.heap;
    this.backend = "kernels" in backend ? backend : unboundBackend(backend.heap);
    this.dtype = dtype;
    const n = (this.n = source.rows);
    this.d = source.cols;
    const entries = source.entries(0, n);
    const heap = backend.heap;
    const pointers = allocateAll(heap, [(n + 1) * 4, entries * 4, entries * LAYOUT[dtype].bytes]);
    [this.indptr, this.indices, this.values] = pointers;
    try {
      this.largest = source.copyRows(0, n, heap.i32.subarray(this.indptr >>> 2), 0, heap.i32.subarray(this.indices >>> 2), this.valueView(), 0);
    } catch (e) {
      for (const p of pointers) heap.free(p);
      throw e;
    }
    this.nnz = heap.i32[(this.indptr >>> 2) + n];
  }

  /** Run this matrix's kernels on `backend` from now on (it must address the same heap). */
  bindKernels(backend: Backend): void {
    if (backend.heap !== this.heap) throw new Error("internal: the kernels must run on the heap that holds X");
    this.backend = backend;
  }

  /** The sparse kernels for this matrix's dtype. */
  get kernels(): SparseKernels {
    return this.backend.sparse[this.dtype];
  }

  /** Bytes per value. */
  get valueBytes(): number {
    return LAYOUT[this.dtype].bytes;
  }

  /** The heap view from the values on (index 0 = the first value; valid until the next allocation). */
  valueView(): Float64Array | Float32Array {
    const heap = this.backend.heap;
    return this.dtype === "float32" ? heap.f32.subarray(this.values >>> 2) : heap.f64.subarray(this.values >>> 3);
  }

  /**
   * Row-major n×K probabilities of every row under θ (compact layout, K × (d + 1)), computed
   * in row ranges whose output takes at most `chunkBytes` (a Dataset's predictions); the
   * logits instead with `logits`.
   */
  probabilities(theta: Float64Array, K: number, chunkBytes: number, logits = false): Float64Array {
    const { n, backend } = this;
    const heap = backend.heap;
    const m = this.d + 1;
    const KP = paddedClasses(K);
    const chunk = Math.max(1, Math.min(n, Math.floor(chunkBytes / (K * 8))));
    const result = new Float64Array(n * K);
    const allocated: number[] = [];
    try {
      for (const bytes of [m * KP * 8, chunk * K * 8, this.kernels.scratchBytes(K)]) allocated.push(heap.alloc(bytes));
      const [thetaPtr, out, scratch] = allocated;
      const f = heap.f64;
      const base = thetaPtr >>> 3;
      f.fill(0, base, base + m * KP);
      for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) f[base + j * KP + k] = theta[k * m + j];
      for (let start = 0; start < n; start += chunk) {
        const rows = Math.min(chunk, n - start);
        this.kernels[logits ? "logits" : "probabilities"](this.indptr + start * 4, this.indices, this.values, rows, K, thetaPtr, KP, out, scratch);
        result.set(heap.f64.subarray(out >>> 3, (out >>> 3) + rows * K), start * K);
      }
      return result;
    } finally {
      for (const p of allocated) heap.free(p);
    }
  }

  /**
   * Rows [start, start + count) as a matrix of their own, sharing this one's memory (a
   * cross-validation fold's rows laid out contiguously): its indptr is a slice of this one's,
   * whose offsets are absolute, so indices and values stay where they are, and `nnz` counts
   * the entries up to its last row's end. Releasing the view frees nothing; it is valid while
   * this matrix is.
   */
  rowsView(start: number, count: number): ResidentCsr {
    const view = Object.create(Object.getPrototypeOf(this) as object) as ResidentCsr;
    return Object.assign(view, {
      heap: this.heap,
      backend: this.backend,
      dtype: this.dtype,
      n: count,
      d: this.d,
      nnz: this.heap.i32[(this.indptr >>> 2) + start + count],
      indptr: this.indptr + start * 4,
      indices: this.indices,
      values: this.values,
      largest: this.largest,
      released: true,
    });
  }

  /** Free the arrays. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const p of [this.indptr, this.indices, this.values]) this.backend.heap.free(p);
  }
}
