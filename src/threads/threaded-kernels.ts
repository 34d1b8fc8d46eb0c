/**
 * The Kernels interface over a ThreadPool: each call splits the rows into one fixed range
 * per thread, runs the kernel on every range at once with per-thread scratch and output
 * buffers, and sums the partial results in thread order. The partition depends only on n
 * and the thread count, and the reduction order is fixed, so the result is bit-identical
 * however the threads are scheduled (it differs from the one-thread result only by the
 * order of the row sums).
 */
import { LAYOUT, ROW_KERNELS, kernelExport, type Backend, type Dtype, type Kernels } from "../backends/backend.js";
import { kernelsOf } from "../backends/wasm.js";
import { sparseKernelsOf } from "../backends/wasm-sparse.js";
import type { ThreadPool } from "./pool.js";
import { rowRanges, type ThreadBuffers } from "./row-ranges.js";
import { threadedSparse } from "./threaded-sparse-kernels.js";

export { MIN_ROWS_PER_THREAD } from "./row-ranges.js";

/** The kernels of one fit on T threads of `pool`, and how to free their per-thread buffers. */
export function createThreadedBackend(pool: ThreadPool, T: number): { backend: Backend; release(): void } {
  const singles = kernelsOf(pool.exports);
  const sparse = sparseKernelsOf(pool.exports);
  const buffers: ThreadBuffers = new Map();
  return {
    backend: {
      name: "wasm",
      heap: pool.heap,
      kernels: { float64: threaded(pool, T, buffers, singles.float64, "float64"), float32: threaded(pool, T, buffers, singles.float32, "float32") },
      sparse: { float64: threadedSparse(pool, T, buffers, sparse.float64, "float64"), float32: threadedSparse(pool, T, buffers, sparse.float32, "float32") },
    },
    release() {
      for (const { pointers } of buffers.values()) for (const p of pointers) pool.heap.free(p);
      buffers.clear();
    },
  };
}

/** The kernels of the pool's own instance, on one thread (a fit whose workers could not start). */
export function singleThreadBackend(pool: ThreadPool): Backend {
  return { name: "wasm", heap: pool.heap, kernels: kernelsOf(pool.exports), sparse: sparseKernelsOf(pool.exports) };
}

/** One dtype's kernels over the pool; `single` runs everything on this thread when rows are few. */
function threaded(pool: ThreadPool, T: number, buffers: ThreadBuffers, single: Kernels, dtype: Dtype): Kernels {
  const name = (kernel: (typeof ROW_KERNELS)[number]) => kernelExport(kernel, dtype);
  const xBytes = LAYOUT[dtype].bytes;
  const { perThread, ranges, reduce, tooSmall } = rowRanges(pool.heap, T, buffers);

  const kernels: Kernels = {
    scratchBytes: (K, s) => single.scratchBytes(K, s),
    // The solvers' own kernels run on this thread (a small row sample, m×m algebra, P-vectors).
    weightedGramOfRows: (x, s, rows, count, a, out, scratch) => single.weightedGramOfRows(x, s, rows, count, a, out, scratch),
    gramRowsScratchBytes: (s) => single.gramRowsScratchBytes(s),
    curvatureWeights: (p, w, rows, count, K, weightSum, out) => single.curvatureWeights(p, w, rows, count, K, weightSum, out),
    cholesky: (a, m, lda, minPivot) => single.cholesky(a, m, lda, minPivot),
    solveClasses: (l, m, lda, K, v, vs, out, z) => single.solveClasses(l, m, lda, K, v, vs, out, z),
    twoLoop: (S, Y, rho, yy, alpha, newest, stored, capacity, P, g, d) => single.twoLoop(S, Y, rho, yy, alpha, newest, stored, capacity, P, g, d),

    lossGradient(x, n, s, K, theta, y, soft, w, grad, probOut, scratch) {
      if (tooSmall(n)) return single.lossGradient(x, n, s, K, theta, y, soft, w, grad, probOut, scratch);
      const scratches = perThread("scratch", single.scratchBytes(K, s));
      const grads = grad ? perThread("grad", K * s * 8) : [];
      const losses = pool.run(
        name("lossGradient"),
        ranges(n).map(([start, rows], t) => [
          x + start * s * xBytes, rows, s, K, theta, y + start * (soft ? K * 8 : 4), soft, w + start * 8,
          grad ? grads[t] : 0, probOut ? probOut + start * K * 8 : 0, scratches[t],
        ]),
      );
      if (grad) reduce(grads, K * s, grad);
      return losses.reduce((a, b) => a + b, 0);
    },

    probabilities(x, n, s, K, theta, out, scratch) {
      if (tooSmall(n)) return single.probabilities(x, n, s, K, theta, out, scratch);
      const scratches = perThread("scratch", single.scratchBytes(K, s));
      pool.run(
        name("probabilities"),
        ranges(n).map(([start, rows], t) => [x + start * s * xBytes, rows, s, K, theta, out + start * K * 8, scratches[t]]),
      );
    },

    // Prediction outputs run on this thread (predictions never start a pool).
    logProbabilities: (x, n, s, K, theta, out, scratch) => single.logProbabilities(x, n, s, K, theta, out, scratch),
    logits: (x, n, s, K, theta, out, scratch) => single.logits(x, n, s, K, theta, out, scratch),

    hessian(x, n, s, K, p, w, out, scratch) {
      if (tooSmall(n)) return single.hessian(x, n, s, K, p, w, out, scratch);
      const length = ((K * (K + 1)) / 2) * s * s;
      const scratches = perThread("scratch", single.scratchBytes(K, s));
      const blocks = perThread("hessian", length * 8);
      pool.run(
        name("hessian"),
        ranges(n).map(([start, rows], t) => [x + start * s * xBytes, rows, s, K, p + start * K * 8, w + start * 8, blocks[t], scratches[t]]),
      );
      reduce(blocks, length, out);
    },

    hessianVector(x, n, s, K, p, w, v, out, scratch) {
      if (tooSmall(n)) return single.hessianVector(x, n, s, K, p, w, v, out, scratch);
      const scratches = perThread("scratch", single.scratchBytes(K, s));
      const outs = perThread("hv", K * s * 8);
      pool.run(
        name("hessianVector"),
        ranges(n).map(([start, rows], t) => [x + start * s * xBytes, rows, s, K, p + start * K * 8, w + start * 8, v, outs[t], scratches[t]]),
      );
      reduce(outs, K * s, out);
    },
  };
  return kernels;
}
