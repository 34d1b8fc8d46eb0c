/**
 * The CSR kernels in plain JavaScript: the same ABI and the same order of operations as
 * assembly/sparse/ (logits add a row's non-zeros four at a time, pairs summed first; every
 * gradient row receives its terms in row order), so the two agree to the last bits of
 * Math.exp/Math.log. The yardstick of the tests and the fallback without WebAssembly.
 */
import type { Dtype } from "./backend.js";
import type { Heap } from "./heap.js";
import { paddedClasses, type SparseKernels, type SparseSolverKernels } from "./sparse-kernels.js";

/** All but the solver kernels (js-sparse-cg.ts, which training-backends.ts adds, as for the dense ones). */
export function createJsSparseKernels(heap: Heap, dtype: Dtype = "float64"): Omit<SparseKernels, keyof SparseSolverKernels> {
  /** Values are addressed through this view: pointers become indices by `>>> valueShift`. */
  const valueShift = dtype === "float32" ? 2 : 3;
  const valueView = (): Float64Array | Float32Array => (dtype === "float32" ? heap.f32 : heap.f64);

  /** z[0..KP) (f64 index) = the logits of row r under θ (f64 index T, rows S doubles apart). */
  function rowLogits(
    f: Float64Array, i32: Int32Array, xv: Float64Array | Float32Array,
    I: number, J: number, X: number, r: number, KP: number, T: number, S: number, z: number,
  ): void {
    for (let k = 0; k < KP; k++) f[z + k] = f[T + k];
    let e = i32[I + r];
    const end = i32[I + r + 1];
    for (const quadEnd = end - ((end - e) & 3); e < quadEnd; e += 4) {
      const [r0, r1, r2, r3] = [0, 1, 2, 3].map((q) => T + (i32[J + e + q] + 1) * S);
      const [x0, x1, x2, x3] = [0, 1, 2, 3].map((q) => xv[X + e + q]);
      for (let k = 0; k < KP; k++) {
        f[z + k] += (x0 * f[r0 + k] + x1 * f[r1 + k]) + (x2 * f[r2 + k] + x3 * f[r3 + k]);
      }
    }
    for (; e < end; e++) {
      const t = T + (i32[J + e] + 1) * S;
      const x = xv[X + e];
      for (let k = 0; k < KP; k++) f[z + k] += x * f[t + k];
    }
  }

  /** G (f64 index, rows S doubles apart) += x̂_r ⊗ residual (f64 index R). */
  function scatterRow(
    f: Float64Array, i32: Int32Array, xv: Float64Array | Float32Array,
    I: number, J: number, X: number, r: number, KP: number, R: number, G: number, S: number,
  ): void {
    for (let k = 0; k < KP; k++) f[G + k] += f[R + k];
    for (let e = i32[I + r]; e < i32[I + r + 1]; e++) {
      const g = G + (i32[J + e] + 1) * S;
      const x = xv[X + e];
      for (let k = 0; k < KP; k++) f[g + k] += x * f[R + k];
    }
  }

  /** Probabilities of K logits at z, in place; returns their log-sum-exp. */
  function softmaxInPlace(f: Float64Array, z: number, K: number): number {
    let top = f[z];
    for (let k = 1; k < K; k++) top = Math.max(top, f[z + k]);
    let total = 0;
    for (let k = 0; k < K; k++) total += f[z + k] = Math.exp(f[z + k] - top);
    for (let k = 0; k < K; k++) f[z + k] /= total;
    return top + Math.log(total);
  }

  /** Heap indices of the CSR arrays. */
  const csr = (indptr: number, indices: number, values: number) => ({ I: indptr >>> 2, J: indices >>> 2, X: values >>> valueShift });

  return {
    scratchBytes: (K) => 3 * paddedClasses(K) * 8 + 16,

    lossGradient(indptr, indices, values, n, m, K, theta, stride, y, soft, w, grad, probOut, scratch) {
      const f = heap.f64;
      const ip = heap.i32;
      const xv = valueView();
      const { I, J, X } = csr(indptr, indices, values);
      const KP = paddedClasses(K);
      const [T, G, Y, W, Z] = [theta >>> 3, grad >>> 3, y >>> 3, w >>> 3, scratch >>> 3];
      if (grad) for (let j = 0; j < m; j++) f.fill(0, G + j * stride, G + j * stride + KP);
      let loss = 0;
      for (let r = 0; r < n; r++) {
        rowLogits(f, ip, xv, I, J, X, r, KP, T, stride, Z);
        // Cross-entropy as lse − z_y, never log(p), so it stays finite when p underflows.
        let zy = 0;
        if (soft) for (let k = 0; k < K; k++) zy += f[Y + r * K + k] * f[Z + k];
        else zy = f[Z + ip[(y >>> 2) + r]];
        const lse = softmaxInPlace(f, Z, K);
        const wr = f[W + r];
        loss += wr * (lse - zy);
        if (probOut) f.set(f.subarray(Z, Z + K), (probOut >>> 3) + r * K);
        if (!grad) continue;
        for (let k = 0; k < K; k++) f[Z + k] = wr * (f[Z + k] - (soft ? f[Y + r * K + k] : k === ip[(y >>> 2) + r] ? 1 : 0));
        if (KP > K) f[Z + K] = 0;
        scatterRow(f, ip, xv, I, J, X, r, KP, Z, G, stride);
      }
      return loss;
    },

    probabilities(indptr, indices, values, n, K, theta, stride, out, scratch) {
      const f = heap.f64;
      const { I, J, X } = csr(indptr, indices, values);
      const Z = scratch >>> 3;
      for (let r = 0; r < n; r++) {
        rowLogits(f, heap.i32, valueView(), I, J, X, r, paddedClasses(K), theta >>> 3, stride, Z);
        softmaxInPlace(f, Z, K);
        f.set(f.subarray(Z, Z + K), (out >>> 3) + r * K);
      }
    },

    logits(indptr, indices, values, n, K, theta, stride, out, scratch) {
      const f = heap.f64;
      const { I, J, X } = csr(indptr, indices, values);
      const Z = scratch >>> 3;
      for (let r = 0; r < n; r++) {
        rowLogits(f, heap.i32, valueView(), I, J, X, r, paddedClasses(K), theta >>> 3, stride, Z);
        f.set(f.subarray(Z, Z + K), (out >>> 3) + r * K);
      }
    },

    hessianVector(indptr, indices, values, n, m, K, p, w, v, stride, out, scratch) {
      const f = heap.f64;
      const ip = heap.i32;
      const xv = valueView();
      const { I, J, X } = csr(indptr, indices, values);
      const KP = paddedClasses(K);
      const [P, W, O, U] = [p >>> 3, w >>> 3, out >>> 3, scratch >>> 3];
      for (let j = 0; j < m; j++) f.fill(0, O + j * stride, O + j * stride + KP);
      for (let r = 0; r < n; r++) {
        rowLogits(f, ip, xv, I, J, X, r, KP, v >>> 3, stride, U);
        let pu = 0;
        for (let k = 0; k < K; k++) pu += f[P + r * K + k] * f[U + k];
        for (let k = 0; k < K; k++) f[U + k] = f[W + r] * f[P + r * K + k] * (f[U + k] - pu);
        if (KP > K) f[U + K] = 0;
        scatterRow(f, ip, xv, I, J, X, r, KP, U, O, stride);
      }
    },

    hessian(indptr, indices, values, n, m, K, p, w, out, _scratch) {
      const f = heap.f64;
      const ip = heap.i32;
      const xv = valueView();
      const { I, J, X } = csr(indptr, indices, values);
      const KP = paddedClasses(K);
      const width = m * KP;
      const O = out >>> 3;
      f.fill(0, O, O + width * width);
      for (let r = 0; r < n; r++) {
        const pr = (p >>> 3) + r * K;
        const wr = f[(w >>> 3) + r];
        // The row's entries: the intercept (row 0, value 1), then its non-zeros.
        const columns = [0];
        const xs = [1];
        for (let e = ip[I + r]; e < ip[I + r + 1]; e++) {
          columns.push(ip[J + e] + 1);
          xs.push(xv[X + e]);
        }
        for (let i = 0; i < columns.length; i++) {
          for (let j = i; j < columns.length; j++) {
            let c = xs[i] * xs[j];
            if (j !== i && columns[i] === columns[j]) c += c;
            const a = Math.min(columns[i], columns[j]);
            const b = Math.max(columns[i], columns[j]);
            for (let k = 0; k < K; k++) {
              const pk = wr * f[pr + k];
              const target = O + (a * KP + k) * width + b * KP;
              for (let l = 0; l < K; l++) f[target + l] += c * (pk * ((k === l ? 1 : 0) - f[pr + l]));
            }
          }
        }
      }
    },
  };
}
