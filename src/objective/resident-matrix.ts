/**
 * X̂ in kernel memory: the caller's X copied (and checked while copied) into the padded
 * layout the kernels expect, n rows × stride s, column 0 the intercept column (always 1:
 * a model without intercepts keeps their parameters at 0, see resident-data.ts), columns
 * d+1..s−1 zero. One fit owns it, or a Dataset shares it between fits and predictions.
 */
import { LAYOUT, strideFor, type Backend, type Dtype, type Kernels } from "../backends/backend.js";
import type { Heap } from "../backends/heap.js";
import type { MatrixSource } from "../input/matrix.js";

/** Rows copied at a time. */
const COPY_CHUNK_ROWS = 1024;

export class ResidentMatrix {
  /** The kernel memory X̂ lives in. */
  readonly heap: Heap;
  readonly dtype: Dtype;
  /**
   * The kernels that run on it: those of the backend it was placed with, or, for a threaded
   * fit (whose data are placed before its workers are ready), those bound later (bindKernels).
   */
  backend: Backend;
  /** Rows, features, padded stride (a multiple of the SIMD width, ≥ d+1). */
  readonly n: number;
  readonly d: number;
  readonly s: number;
  /** Pointer to X̂. */
  readonly x: number;
  /** The largest |value| of X, for the overflow check of the objective. */
  readonly largest: number;
  private released = false;

  /** Bytes X̂ takes for an n × d matrix. */
  static bytes(n: number, d: number, dtype: Dtype): number {
    return n * strideFor(d, dtype) * LAYOUT[dtype].bytes;
  }

  /**
   * Copy `source` into the heap of `backend` (a Backend, or just a heap whose kernels come
   * later); on any failure (a bad value, no memory) nothing stays allocated.
   */
  constructor(backend: Backend | { heap: Heap }, source: MatrixSource, dtype: Dtype) {
    const heap = (this.heap = backend.heap);
    this.backend = "kernels" in backend ? backend : unboundBackend(heap);
    this.dtype = dtype;
    const n = (this.n = source.rows);
    const d = (this.d = source.cols);
    const s = (this.s = strideFor(d, dtype));
    // Zeroed (where the memory was used before): the padding must be real zeros.
    this.x = heap.allocZeroed(ResidentMatrix.bytes(n, d, dtype));
    try {
      const view = this.heapView();
      const x0 = this.x / LAYOUT[dtype].bytes;
      let largest = 0;
      // A chunk of rows at a time, the intercept column while the rows are in cache.
      for (let start = 0; start < n; start += COPY_CHUNK_ROWS) {
        const rows = Math.min(COPY_CHUNK_ROWS, n - start);
        largest = Math.max(largest, source.copyRows(start, rows, view, x0 + start * s + 1, s));
        for (let i = start; i < start + rows; i++) view[x0 + i * s] = 1;
      }
      this.largest = largest;
    } catch (e) {
      heap.free(this.x);
      throw e;
    }
  }

  /** Run this matrix's kernels on `backend` from now on (it must address the same heap). */
  bindKernels(backend: Backend): void {
    if (backend.heap !== this.heap) throw new Error("internal: the kernels must run on the heap that holds X̂");
    this.backend = backend;
  }

  /** The kernels for this matrix's dtype. */
  get kernels(): Kernels {
    return this.backend.kernels[this.dtype];
  }

  /** Bytes per X̂ element. */
  get elementBytes(): number {
    return LAYOUT[this.dtype].bytes;
  }

  /** X̂, n × s row-major, as a view of kernel memory (valid until the next allocation). */
  view(): Float64Array | Float32Array {
    const x0 = this.x / this.elementBytes;
    return this.heapView().subarray(x0, x0 + this.n * this.s);
  }

  /** The heap view X̂ is stored in (index = pointer / element bytes). */
  heapView(): Float64Array | Float32Array {
    return this.dtype === "float32" ? this.heap.f32 : this.heap.f64;
  }

  /**
   * Rows [start, start + count) as a matrix of their own, sharing this one's memory (a
   * cross-validation fold's training rows laid out contiguously). Releasing the view frees
   * nothing; it is valid while this matrix is.
   */
  rowsView(start: number, count: number): ResidentMatrix {
    const view = Object.create(ResidentMatrix.prototype) as ResidentMatrix;
    return Object.assign(view, {
      heap: this.heap,
      backend: this.backend,
      dtype: this.dtype,
      n: count,
      d: this.d,
      s: this.s,
      x: this.x + start * this.s * this.elementBytes,
      largest: this.largest,
      released: true,
    });
  }

  /** Free X̂. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.heap.free(this.x);
  }
}

/** A backend on `heap` whose every kernel throws until bindKernels (X placed before a threaded fit's workers are ready). */
export function unboundBackend(heap: Heap): Backend {
  const missing = (): never => {
    throw new Error("internal: kernels used before bindKernels");
  };
  // Every kernel, whatever the interface lists: each throws until bindKernels.
  const kernels = new Proxy({}, { get: () => missing }) as Kernels;
  const sparse = kernels as unknown as Backend["sparse"]["float64"];
  return { name: "wasm", heap, kernels: { float64: kernels, float32: kernels }, sparse: { float64: sparse, float32: sparse } };
}
