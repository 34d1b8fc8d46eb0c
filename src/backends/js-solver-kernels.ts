/**
 * The pure-JavaScript twins of the solver kernels (assembly/gram-rows.ts, assembly/curvature.ts,
 * assembly/dense.ts): the weighted Gram of listed rows, the preconditioner's row weights, the Cholesky factor read from an upper triangle, the
 * K-right-hand-side solve and the L-BFGS two-loop recursion (assembly/two-loop.ts). Same ABI and the same order of operations per entry as far as it
 * matters for tests (results agree to rounding, not bit for bit).
 */
import type { Heap } from "./heap.js";
import type { SolverKernels } from "./backend.js";

export function createJsSolverKernels(heap: Heap, dtype: "float64" | "float32"): SolverKernels {
  const xShift = dtype === "float32" ? 2 : 3;
  const xView = (): Float64Array | Float32Array => (dtype === "float32" ? heap.f32 : heap.f64);

  return {
    gramRowsScratchBytes: () => 16,

    weightedGramOfRows(x, s, rows, count, a, out, _scratch) {
      const f = heap.f64;
      const xv = xView();
      const i32 = heap.i32;
      const [X, R, A, O] = [x >>> xShift, rows >>> 2, a >>> 3, out >>> 3];
      f.fill(0, O, O + s * s);
      for (let t = 0; t < count; t++) {
        const xr = X + i32[R + t] * s;
        const at = f[A + t];
        for (let i = 0; i < s; i++) {
          const ai = at * xv[xr + i];
          if (ai === 0) continue;
          const oi = O + i * s;
          for (let j = i; j < s; j++) f[oi + j] += ai * xv[xr + j];
        }
      }
    },

    curvatureWeights(p, w, rows, count, K, weightSum, out) {
      const f = heap.f64;
      const i32 = heap.i32;
      const [P, W, R, O] = [p >>> 3, w >>> 3, rows >>> 2, out >>> 3];
      for (let t = 0; t < count; t++) {
        const r = i32[R + t];
        let squares = 0;
        for (let k = 0; k < K; k++) squares += f[P + r * K + k] * f[P + r * K + k];
        f[O + t] = (f[W + r] * (1 - squares)) / K / weightSum;
      }
    },

    cholesky(a, m, lda, minPivot) {
      const f = heap.f64;
      const A = a >>> 3;
      for (let i = 0; i < m; i++) {
        const ri = A + i * lda;
        for (let j = 0; j < i; j++) {
          const rj = A + j * lda;
          let sum = 0;
          for (let k = 0; k < j; k++) sum += f[ri + k] * f[rj + k];
          // a_ij from the upper triangle (row j, column i).
          f[ri + j] = (f[rj + i] - sum) / f[rj + j];
        }
        let pivot = f[ri + i];
        for (let k = 0; k < i; k++) pivot -= f[ri + k] * f[ri + k];
        if (!(pivot > minPivot)) return 0;
        f[ri + i] = Math.sqrt(pivot);
      }
      return 1;
    },

    solveClasses(l, m, lda, K, v, vs, out, _z) {
      const f = heap.f64;
      const [L, V, O] = [l >>> 3, v >>> 3, out >>> 3];
      const y = new Float64Array(m);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < m; i++) y[i] = f[V + k * vs + i];
        for (let i = 0; i < m; i++) {
          const ri = L + i * lda;
          let value = y[i];
          for (let j = 0; j < i; j++) value -= f[ri + j] * y[j];
          y[i] = value / f[ri + i];
        }
        for (let i = m - 1; i >= 0; i--) {
          const ri = L + i * lda;
          const xi = y[i] / f[ri + i];
          y[i] = xi;
          for (let j = 0; j < i; j++) y[j] -= f[ri + j] * xi;
        }
        for (let i = 0; i < m; i++) f[O + k * vs + i] = y[i];
      }
    },

    twoLoop(S, Y, rho, yy, alpha, newest, stored, capacity, P, g, d) {
      const f = heap.f64;
      const [s0, y0, R, YY, A, G, D] = [S >>> 3, Y >>> 3, rho >>> 3, yy >>> 3, alpha >>> 3, g >>> 3, d >>> 3];
      const slot = (age: number) => (newest - age + capacity) % capacity;
      for (let i = 0; i < P; i++) f[D + i] = -f[G + i];
      if (stored === 0) {
        let slope = 0;
        for (let i = 0; i < P; i++) slope += f[G + i] * f[D + i];
        return slope;
      }
      for (let c = 0; c < stored; c++) {
        const o = slot(c) * P;
        let sd = 0;
        for (let i = 0; i < P; i++) sd += f[s0 + o + i] * f[D + i];
        const a = f[R + slot(c)] * sd;
        f[A + slot(c)] = a;
        for (let i = 0; i < P; i++) f[D + i] -= a * f[y0 + o + i];
      }
      const gamma = 1 / (f[R + newest] * f[YY + newest]);
      for (let i = 0; i < P; i++) f[D + i] *= gamma;
      for (let c = stored - 1; c >= 0; c--) {
        const o = slot(c) * P;
        let yd = 0;
        for (let i = 0; i < P; i++) yd += f[y0 + o + i] * f[D + i];
        const coefficient = f[A + slot(c)] - f[R + slot(c)] * yd;
        for (let i = 0; i < P; i++) f[D + i] += coefficient * f[s0 + o + i];
      }
      let slope = 0;
      for (let i = 0; i < P; i++) slope += f[G + i] * f[D + i];
      return slope;
    },
  };
}
