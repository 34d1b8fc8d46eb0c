/**
 * The CSR kernels over a ThreadPool, on the same terms as threaded-kernels.ts: fixed row
 * ranges (a range of CSR rows is its slice of indptr, whose offsets are absolute), per-thread
 * scratch and partial outputs, partial results summed in thread order.
 */
import type { Dtype } from "../backends/backend.js";
import { SPARSE_ROW_KERNELS, paddedClasses, sparseKernelExport, type SparseKernels } from "../backends/sparse-kernels.js";
import type { ThreadPool } from "./pool.js";
import { rowRanges, type ThreadBuffers } from "./row-ranges.js";

/** One dtype's sparse kernels over the pool; `single` runs everything on this thread when rows are few. */
export function threadedSparse(pool: ThreadPool, T: number, buffers: ThreadBuffers, single: SparseKernels, dtype: Dtype): SparseKernels {
  const name = (kernel: (typeof SPARSE_ROW_KERNELS)[number]) => sparseKernelExport(kernel, dtype);
  const { perThread, ranges, reduce, tooSmall } = rowRanges(pool.heap, T, buffers);
  const scratches = (K: number) => perThread("scratch", single.scratchBytes(K));

  /** Sum the threads' m rows of KP (`stride` doubles apart) into out's rows, in thread order. */
  function reduceRows(partials: number[], m: number, KP: number, out: number, stride: number): void {
    const f = pool.heap.f64;
    for (let j = 0; j < m; j++) {
      const o = (out >>> 3) + j * stride;
      f.set(f.subarray((partials[0] >>> 3) + j * stride, (partials[0] >>> 3) + j * stride + KP), o);
      for (let t = 1; t < partials.length; t++) {
        const p = (partials[t] >>> 3) + j * stride;
        for (let k = 0; k < KP; k++) f[o + k] += f[p + k];
      }
    }
  }

  /** Per-row outputs (probabilities or logits, n×K) need no reduction: each range writes its own rows. */
  const rowwise = (kernel: "probabilities" | "logits"): SparseKernels[typeof kernel] =>
    (indptr, indices, values, n, K, theta, stride, out, scratch) => {
      if (tooSmall(n)) return single[kernel](indptr, indices, values, n, K, theta, stride, out, scratch);
      const s = scratches(K);
      pool.run(
        name(kernel),
        ranges(n).map(([start, rows], t) => [indptr + start * 4, indices, values, rows, K, theta, stride, out + start * K * 8, s[t]]),
      );
    };

  return {
    scratchBytes: (K) => single.scratchBytes(K),
    // The CG's vector work is a few passes over K(d+1) doubles: this thread's.
    cgStart: single.cgStart,
    cgUpdate: single.cgUpdate,
    cgDirection: single.cgDirection,
    hessianFinish: single.hessianFinish,
    // So are the layout conversions.
    toLayout: single.toLayout,
    fromLayout: single.fromLayout,
    firstNonFinite: single.firstNonFinite,

    lossGradient(indptr, indices, values, n, m, K, theta, stride, y, soft, w, grad, probOut, scratch) {
      if (tooSmall(n)) return single.lossGradient(indptr, indices, values, n, m, K, theta, stride, y, soft, w, grad, probOut, scratch);
      // Each thread's partial gradient has θ's stride in a buffer of its own; the sum goes to grad's rows.
      const KP = paddedClasses(K);
      const s = scratches(K);
      const grads = grad ? perThread("grad", m * stride * 8) : [];
      const losses = pool.run(
        name("lossGradient"),
        ranges(n).map(([start, rows], t) => [
          indptr + start * 4, indices, values, rows, m, K, theta, stride, y + start * (soft ? K * 8 : 4), soft, w + start * 8,
          grad ? grads[t] : 0, probOut ? probOut + start * K * 8 : 0, s[t],
        ]),
      );
      if (grad) reduceRows(grads, m, KP, grad, stride);
      return losses.reduce((a, b) => a + b, 0);
    },

    probabilities: rowwise("probabilities"),
    logits: rowwise("logits"),

    hessianVector(indptr, indices, values, n, m, K, p, w, v, stride, out, scratch) {
      if (tooSmall(n)) return single.hessianVector(indptr, indices, values, n, m, K, p, w, v, stride, out, scratch);
      const KP = paddedClasses(K);
      const s = scratches(K);
      // Partial products at v's stride, each in a buffer of its own.
      const outs = perThread("hv", m * stride * 8);
      pool.run(
        name("hessianVector"),
        ranges(n).map(([start, rows], t) => [indptr + start * 4, indices, values, rows, m, K, p + start * K * 8, w + start * 8, v, stride, outs[t], s[t]]),
      );
      reduceRows(outs, m, KP, out, stride);
    },

    hessian(indptr, indices, values, n, m, K, p, w, out, scratch) {
      if (tooSmall(n)) return single.hessian(indptr, indices, values, n, m, K, p, w, out, scratch);
      const width = m * paddedClasses(K);
      const s = scratches(K);
      const blocks = perThread("hessian", width * width * 8);
      pool.run(
        name("hessian"),
        ranges(n).map(([start, rows], t) => [indptr + start * 4, indices, values, rows, m, K, p + start * K * 8, w + start * 8, blocks[t], s[t]]),
      );
      reduce(blocks, width * width, out);
    },
  };
}
