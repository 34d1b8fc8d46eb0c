/**
 * The CSR kernels over a ThreadPool, on the same terms as threaded-kernels.ts: fixed row
 * ranges (a range of CSR rows is its slice of indptr, whose offsets are absolute), per-thread
 * scratch and partial outputs, partial results summed in thread order.
 */
import type { Dtype } from "../backends/backend.js";
import { SPARSE_ROW_KERNELS, paddedClasses, sparseKernelExport, type SparseKernels } from "../backends/sparse-kernels.js";
import type { ThreadPool } from "./pool.js";
import { rowRanges } from "./row-ranges.js";

/** One dtype's sparse kernels over the pool; `single` runs everything on this thread when rows are few. */
export function threadedSparse(pool: ThreadPool, single: SparseKernels, dtype: Dtype): SparseKernels {
  const name = (kernel: (typeof SPARSE_ROW_KERNELS)[number]) => sparseKernelExport(kernel, dtype);
  const { perThread, ranges, reduce, tooSmall } = rowRanges(pool);
  const scratches = (K: number) => perThread("scratch", single.scratchBytes(K));

  /** Per-row outputs (probabilities or logits, n×K) need no reduction: each range writes its own rows. */
  const rowwise = (kernel: "probabilities" | "logits"): SparseKernels[typeof kernel] =>
    (indptr, indices, values, n, K, theta, out, scratch) => {
      if (tooSmall(n)) return single[kernel](indptr, indices, values, n, K, theta, out, scratch);
      const s = scratches(K);
      pool.run(
        name(kernel),
        ranges(n).map(([start, rows], t) => [indptr + start * 4, indices, values, rows, K, theta, out + start * K * 8, s[t]]),
      );
    };

  return {
    scratchBytes: (K) => single.scratchBytes(K),

    lossGradient(indptr, indices, values, n, m, K, theta, y, soft, w, grad, probOut, scratch) {
      if (tooSmall(n)) return single.lossGradient(indptr, indices, values, n, m, K, theta, y, soft, w, grad, probOut, scratch);
      const length = m * paddedClasses(K);
      const s = scratches(K);
      const grads = grad ? perThread("grad", length * 8) : [];
      const losses = pool.run(
        name("lossGradient"),
        ranges(n).map(([start, rows], t) => [
          indptr + start * 4, indices, values, rows, m, K, theta, y + start * (soft ? K * 8 : 4), soft, w + start * 8,
          grad ? grads[t] : 0, probOut ? probOut + start * K * 8 : 0, s[t],
        ]),
      );
      if (grad) reduce(grads, length, grad);
      return losses.reduce((a, b) => a + b, 0);
    },

    probabilities: rowwise("probabilities"),
    logits: rowwise("logits"),

    hessianVector(indptr, indices, values, n, m, K, p, w, v, out, scratch) {
      if (tooSmall(n)) return single.hessianVector(indptr, indices, values, n, m, K, p, w, v, out, scratch);
      const length = m * paddedClasses(K);
      const s = scratches(K);
      const outs = perThread("hv", length * 8);
      pool.run(
        name("hessianVector"),
        ranges(n).map(([start, rows], t) => [indptr + start * 4, indices, values, rows, m, K, p + start * K * 8, w + start * 8, v, outs[t], s[t]]),
      );
      reduce(outs, length, out);
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
