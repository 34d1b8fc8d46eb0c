/**
 * X̂ in kernel memory: the caller's X copied (and checked while copied) into the padded
 * layout the kernels expect, n rows × stride s, column 0 the intercept column (always 1:
 * a model without intercepts keeps their parameters at 0, see resident-data.ts), columns
 * d+1..s−1 zero. One fit owns it, or a Dataset shares it between fits and predictions.
 */
import { LAYOUT, strideFor, type Backend, type Dtype, type Kernels } from "../backends/backend.js";
import type { MatrixSource } from "../input/matrix.js";

export class ResidentMatrix {
  readonly backend: Backend;
  readonly dtype: Dtype;
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

  /** Copy `source` into `backend`'s heap; on any failure (a bad value, no memory) nothing stays allocated. */
  constructor(backend: Backend, source: MatrixSource, dtype: Dtype) {
    this.backend = backend;
    this.dtype = dtype;
    const n = (this.n = source.rows);
    const d = (this.d = source.cols);
    const s = (this.s = strideFor(d, dtype));
    const heap = backend.heap;
    this.x = heap.alloc(ResidentMatrix.bytes(n, d, dtype));
    try {
      const view = this.heapView();
      const x0 = this.x / LAYOUT[dtype].bytes;
      // Reused memory may hold anything: the padding must be real zeros.
      view.fill(0, x0, x0 + n * s);
      for (let i = 0; i < n; i++) view[x0 + i * s] = 1;
      this.largest = source.copyRows(0, n, view, x0 + 1, s);
    } catch (e) {
      heap.free(this.x);
      throw e;
    }
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
    return this.dtype === "float32" ? this.backend.heap.f32 : this.backend.heap.f64;
  }

  /**
   * Rows [start, start + count) as a matrix of their own, sharing this one's memory (a
   * cross-validation fold's training rows laid out contiguously). Releasing the view frees
   * nothing; it is valid while this matrix is.
   */
  rowsView(start: number, count: number): ResidentMatrix {
    const view = Object.create(ResidentMatrix.prototype) as ResidentMatrix;
    return Object.assign(view, {
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
    this.backend.heap.free(this.x);
  }
}
