/**
 * A training set placed in kernel memory in the padded layout the kernels expect, plus
 * the buffers one evaluation needs. It converts between the public compact parameter
 * layout θ[k(d+1) + j] and the padded one θ[k·s + j], and nothing else: the
 * normalisation and the penalty belong to the Objective.
 */
import { LAYOUT, strideFor, type Backend, type Dtype, type Kernels } from "./kernels/kernels.js";
import type { Matrix, Targets } from "./data.js";
import { fail } from "./errors.js";

export class ResidentProblem {
  /** Rows, features, classes, padded stride (even, ≥ d+1). */
  readonly n: number;
  readonly d: number;
  readonly K: number;
  readonly s: number;
  readonly soft: boolean;
  /** Σ of the sample weights, the normaliser of the mean loss. */
  readonly weightSum: number;

  /** Storage precision of X̂. */
  readonly dtype: Dtype;
  private readonly backend: Backend;
  private readonly kernels: Kernels;
  /** Bytes per X̂ element. */
  private readonly xBytes: number;
  private readonly ptr: Record<"x" | "y" | "w" | "theta" | "grad" | "scratch", number>;
  private probabilities = 0;
  private blocks = 0;
  private vector = 0;
  private batch?: { rows: number; x: number; y: number; w: number };
  private disposed = false;

  constructor(backend: Backend, X: Matrix, targets: Targets, weights: Float64Array, fitIntercept: boolean, dtype: Dtype = "float64") {
    this.backend = backend;
    this.dtype = dtype;
    this.kernels = backend.kernels[dtype];
    const xBytes = (this.xBytes = LAYOUT[dtype].bytes);
    const n = (this.n = X.rows);
    const d = (this.d = X.cols);
    const K = (this.K = targets.classes.length);
    const s = (this.s = strideFor(d, dtype));
    this.soft = targets.kind === "soft";
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    this.weightSum = total;

    const heap = backend.heap;
    const bytesOfTargets = this.soft ? n * K * 8 : n * 4;
    checkSize(n * s * xBytes + bytesOfTargets + n * 8);
    const allocated: number[] = [];
    const alloc = (bytes: number) => {
      try {
        const p = heap.alloc(bytes);
        allocated.push(p);
        return p;
      } catch (e) {
        for (const p of allocated) heap.free(p);
        throw e;
      }
    };
    this.ptr = {
      x: alloc(n * s * xBytes),
      y: alloc(bytesOfTargets),
      w: alloc(n * 8),
      theta: alloc(K * s * 8),
      grad: alloc(K * s * 8),
      scratch: alloc(this.kernels.scratchBytes(K, s)),
    };

    const f = heap.f64;
    const xv = this.xView();
    const x0 = this.ptr.x / xBytes;
    xv.fill(0, x0, x0 + n * s);
    const intercept = fitIntercept ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const row = x0 + i * s;
      xv[row] = intercept;
      xv.set(X.data.subarray(i * d, (i + 1) * d), row + 1);
    }
    if (targets.kind === "soft") f.set(targets.probabilities, this.ptr.y >> 3);
    else heap.i32.set(targets.index, this.ptr.y >> 2);
    f.set(weights, this.ptr.w >> 3);
  }

  /** Number of parameters in the compact layout, K(d+1). */
  get size(): number {
    return this.K * (this.d + 1);
  }

  /**
   * Σ w·CE at θ; when `grad` is given it receives Σ w (p − y) ⊗ x̂ (compact layout). With
   * `keepProbabilities` the probabilities stay in kernel memory for hessian/hessianVector.
   */
  lossGradient(theta: Float64Array, grad: Float64Array | null, keepProbabilities = false): number {
    this.assertAlive();
    if (keepProbabilities && !this.probabilities) this.probabilities = this.backend.heap.alloc(this.n * this.K * 8);
    this.writeParameters(theta, this.ptr.theta);
    const { x, y, w, scratch } = this.ptr;
    const loss = this.kernels.lossGradient(
      x, this.n, this.s, this.K, this.ptr.theta, y, this.soft ? 1 : 0, w,
      grad ? this.ptr.grad : 0, keepProbabilities ? this.probabilities : 0, scratch,
    );
    if (grad) this.readParameters(this.ptr.grad, grad);
    return loss;
  }

  /** Like lossGradient, on the rows listed in `rows[0..count)` only (mini-batches). */
  lossGradientOnRows(theta: Float64Array, grad: Float64Array, rows: Int32Array, count: number): number {
    this.assertAlive();
    const b = this.batchBuffers(count);
    const heap = this.backend.heap;
    const f = heap.f64;
    const i32 = heap.i32;
    const xv = this.xView();
    const { s, K, xBytes } = this;
    for (let i = 0; i < count; i++) {
      const r = rows[i];
      xv.copyWithin(b.x / xBytes + i * s, this.ptr.x / xBytes + r * s, this.ptr.x / xBytes + (r + 1) * s);
      f[(b.w >> 3) + i] = f[(this.ptr.w >> 3) + r];
      if (this.soft) f.copyWithin((b.y >> 3) + i * K, (this.ptr.y >> 3) + r * K, (this.ptr.y >> 3) + (r + 1) * K);
      else i32[(b.y >> 2) + i] = i32[(this.ptr.y >> 2) + r];
    }
    this.writeParameters(theta, this.ptr.theta);
    const loss = this.kernels.lossGradient(
      b.x, count, s, K, this.ptr.theta, b.y, this.soft ? 1 : 0, b.w, this.ptr.grad, 0, this.ptr.scratch,
    );
    this.readParameters(this.ptr.grad, grad);
    return loss;
  }

  /**
   * Whether θ puts every row that counts (weight > 0) strictly in its own class: a
   * certificate that hard-labelled data are linearly separable. False for soft targets.
   */
  separatesEveryRow(theta: Float64Array): boolean {
    if (this.soft) return false;
    this.lossGradient(theta, null, true);
    const { f64, i32 } = this.backend.heap;
    const P = this.probabilities >> 3;
    for (let i = 0; i < this.n; i++) {
      if (f64[(this.ptr.w >> 3) + i] === 0) continue;
      const label = i32[(this.ptr.y >> 2) + i];
      const own = f64[P + i * this.K + label];
      for (let k = 0; k < this.K; k++) if (k !== label && f64[P + i * this.K + k] >= own) return false;
    }
    return true;
  }

  /** A copy of the n×K probabilities kept by the last lossGradient(…, keepProbabilities). */
  keptProbabilities(): Float64Array {
    this.assertProbabilities();
    const start = this.probabilities >> 3;
    return this.backend.heap.f64.slice(start, start + this.n * this.K);
  }

  /** Sum of the weights of the listed rows. */
  weightOfRows(rows: Int32Array, count: number): number {
    const f = this.backend.heap.f64;
    let total = 0;
    for (let i = 0; i < count; i++) total += f[(this.ptr.w >> 3) + rows[i]];
    return total;
  }

  /** Σ_n w_n ‖x̂_n‖² and max_n ‖x̂_n‖², for Lipschitz bounds of the loss. */
  rowNorms(): { weightedSum: number; max: number } {
    const f = this.backend.heap.f64;
    const xv = this.xView();
    let weightedSum = 0;
    let max = 0;
    for (let i = 0; i < this.n; i++) {
      const row = this.ptr.x / this.xBytes + i * this.s;
      let sq = 0;
      for (let j = 0; j < this.s; j++) sq += xv[row + j] * xv[row + j];
      weightedSum += f[(this.ptr.w >> 3) + i] * sq;
      if (sq > max) max = sq;
    }
    return { weightedSum, max };
  }

  /** The full symmetric Σ w (diag p − ppᵀ) ⊗ x̂x̂ᵀ into `out` (P×P row-major), at the θ of the last kept probabilities. */
  hessian(out: Float64Array): void {
    this.assertProbabilities();
    const { n, s, K, d } = this;
    const heap = this.backend.heap;
    if (!this.blocks) {
      const bytes = ((K * (K + 1)) / 2) * s * s * 8;
      checkSize(bytes);
      this.blocks = heap.alloc(bytes);
    }
    this.kernels.hessian(this.ptr.x, n, s, K, this.probabilities, this.ptr.w, this.blocks, this.ptr.scratch);
    const f = heap.f64;
    const m = d + 1;
    const P = K * m;
    let b = 0;
    for (let k = 0; k < K; k++) {
      for (let l = k; l < K; l++, b++) {
        const block = (this.blocks >> 3) + b * s * s;
        for (let i = 0; i < m; i++) {
          for (let j = i; j < m; j++) {
            const v = f[block + i * s + j];
            // Each block is symmetric, and block (l, k) is the transpose of block (k, l).
            out[(k * m + i) * P + l * m + j] = v;
            out[(k * m + j) * P + l * m + i] = v;
            out[(l * m + j) * P + k * m + i] = v;
            out[(l * m + i) * P + k * m + j] = v;
          }
        }
      }
    }
  }

  /** out = Σ w (diag p − ppᵀ)(V x̂) ⊗ x̂ (compact layout) at the θ of the last kept probabilities. */
  hessianVector(v: Float64Array, out: Float64Array): void {
    this.assertProbabilities();
    const heap = this.backend.heap;
    if (!this.vector) this.vector = heap.alloc(this.K * this.s * 8);
    this.writeParameters(v, this.vector);
    const { n, s, K } = this;
    this.kernels.hessianVector(
      this.ptr.x, n, s, K, this.probabilities, this.ptr.w, this.vector, this.ptr.grad, this.ptr.scratch,
    );
    this.readParameters(this.ptr.grad, out);
  }

  /** Free the kernel memory; further use throws DISPOSED. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const heap = this.backend.heap;
    for (const p of Object.values(this.ptr)) heap.free(p);
    for (const p of [this.probabilities, this.blocks, this.vector]) if (p) heap.free(p);
    if (this.batch) for (const p of [this.batch.x, this.batch.y, this.batch.w]) heap.free(p);
  }

  private batchBuffers(count: number) {
    if (!this.batch || this.batch.rows < count) {
      const heap = this.backend.heap;
      if (this.batch) for (const p of [this.batch.x, this.batch.y, this.batch.w]) heap.free(p);
      this.batch = {
        rows: count,
        x: heap.alloc(count * this.s * this.xBytes),
        y: heap.alloc(this.soft ? count * this.K * 8 : count * 4),
        w: heap.alloc(count * 8),
      };
    }
    return this.batch;
  }

  private writeParameters(compact: Float64Array, ptr: number): void {
    const f = this.backend.heap.f64;
    const m = this.d + 1;
    for (let k = 0; k < this.K; k++) {
      const row = (ptr >> 3) + k * this.s;
      f.set(compact.subarray(k * m, (k + 1) * m), row);
      // Reused memory may hold anything, and 0·NaN is NaN: the padding must be real zeros.
      f.fill(0, row + m, row + this.s);
    }
  }

  private readParameters(ptr: number, compact: Float64Array): void {
    const f = this.backend.heap.f64;
    const m = this.d + 1;
    for (let k = 0; k < this.K; k++) compact.set(f.subarray((ptr >> 3) + k * this.s, (ptr >> 3) + k * this.s + m), k * m);
  }

  /** The heap view X̂ is stored in. */
  private xView(): Float64Array | Float32Array {
    return this.dtype === "float32" ? this.backend.heap.f32 : this.backend.heap.f64;
  }

  private assertAlive(): void {
    if (this.disposed) fail("DISPOSED", "this objective's memory was released by dispose()");
  }

  private assertProbabilities(): void {
    this.assertAlive();
    if (!this.probabilities) throw new Error("internal: lossGradient(keepProbabilities) must run before the Hessian");
  }
}

/** Refuse sizes beyond WebAssembly's 4 GiB before touching memory. */
function checkSize(bytes: number): void {
  if (!(bytes <= 2 ** 32)) {
    fail("TOO_LARGE", `the problem needs ${(bytes / 2 ** 30).toFixed(1)} GiB of kernel memory; WebAssembly memory is limited to 4 GiB`);
  }
}
