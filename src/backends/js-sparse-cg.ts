/**
 * The pure-JS twin of assembly/sparse/cg.ts: the sparse Newton-CG's vector work on layout
 * vectors (rows of `lanes` doubles, `stride` doubles apart), with the same order of operations
 * (each sum kept as two partial sums, of the even and of the odd lanes, added at the end, as
 * the SIMD lanes are), so both backends give the same bits; and of assembly/sparse/transpose.ts,
 * the conversions between the compact layout and the kernels' rows (plain copies and the same
 * multiply-add).
 */
import type { Heap } from "./heap.js";
import type { SparseSolverKernels } from "./sparse-kernels.js";

export function createJsSparseCgKernels(heap: Heap): SparseSolverKernels {
  return {
    cgStart(x, r, p, inverse, rows, lanes, stride, sums) {
      const f = heap.f64;
      const [X, R, Q, S] = [x >>> 3, r >>> 3, p >>> 3, inverse >>> 3];
      const rz = [0, 0];
      const rr = [0, 0];
      for (let j = 0; j < rows; j++) {
        const s = f[S + j];
        for (let k = 0, i = j * stride; k < lanes; k++, i++) {
          const ri = f[R + i];
          const z = s * ri;
          f[X + i] = 0;
          f[Q + i] = z;
          rz[k & 1] += ri * z;
          rr[k & 1] += ri * ri;
        }
      }
      f[sums >>> 3] = rz[0] + rz[1];
      f[(sums >>> 3) + 1] = rr[0] + rr[1];
    },

    cgUpdate(x, r, p, hp, inverse, rows, lanes, stride, alpha, sums) {
      const f = heap.f64;
      const [X, R, Q, H, S] = [x >>> 3, r >>> 3, p >>> 3, hp >>> 3, inverse >>> 3];
      const rr = [0, 0];
      const rz = [0, 0];
      for (let j = 0; j < rows; j++) {
        const s = f[S + j];
        for (let k = 0, i = j * stride; k < lanes; k++, i++) {
          f[X + i] = f[X + i] + alpha * f[Q + i];
          const ri = f[R + i] - alpha * f[H + i];
          f[R + i] = ri;
          rr[k & 1] += ri * ri;
          rz[k & 1] += ri * (s * ri);
        }
      }
      f[sums >>> 3] = rr[0] + rr[1];
      f[(sums >>> 3) + 1] = rz[0] + rz[1];
    },

    cgDirection(r, p, inverse, rows, lanes, stride, beta) {
      const f = heap.f64;
      const [R, Q, S] = [r >>> 3, p >>> 3, inverse >>> 3];
      for (let j = 0; j < rows; j++) {
        const s = f[S + j];
        for (let k = 0, i = j * stride; k < lanes; k++, i++) f[Q + i] = s * f[R + i] + beta * f[Q + i];
      }
    },

    hessianFinish(p, hp, rows, lanes, stride, scale, l2, absentRows, penalisedFrom) {
      const f = heap.f64;
      const [Q, H] = [p >>> 3, hp >>> 3];
      const curvature = [0, 0];
      for (let j = 0; j < rows; j++) {
        for (let k = 0, i = j * stride; k < lanes; k++, i++) {
          const h = j < absentRows ? 0 : f[H + i] * scale + (j < penalisedFrom ? 0 : l2 * f[Q + i]);
          f[H + i] = h;
          curvature[k & 1] += f[Q + i] * h;
        }
      }
      return curvature[0] + curvature[1];
    },

    toLayout(block, cols, K, layout, stride, rowMap, penalisedFrom, sums) {
      const f = heap.f64;
      const [B, L, M] = [block >>> 3, layout >>> 3, rowMap >>> 2];
      const pairs = K & ~1;
      let [even, odd, last] = [0, 0, 0];
      let bad = 0;
      for (let c = 0; c < cols; c++) {
        let [columnEven, columnOdd] = [0, 0];
        const row = L + (rowMap ? heap.i32[M + c] : c) * stride;
        for (let k = 0; k < K; k++) {
          const x = f[B + k * cols + c];
          f[row + k] = x;
          if (x - x !== 0) bad = 1;
          if (k >= pairs) continue;
          if (k & 1) columnOdd += x * x;
          else columnEven += x * x;
        }
        if (c < penalisedFrom) continue;
        even += columnEven;
        odd += columnOdd;
        if (pairs < K) last += f[B + pairs * cols + c] * f[B + pairs * cols + c];
      }
      f[sums >>> 3] = even + odd + last;
      return bad;
    },

    fromLayout(layout, stride, rowMap, offset, block, cols, K, scale, l2, penalisedFrom) {
      const f = heap.f64;
      const [B, L, M] = [block >>> 3, layout >>> 3, rowMap >>> 2];
      for (let c = 0; c < cols; c++) {
        const row = L + (rowMap ? heap.i32[M + c] : c) * stride;
        if (c >= penalisedFrom) for (let k = 0; k < K; k++) f[B + k * cols + c] = f[row + offset + k] * scale + l2 * f[row + k];
        else for (let k = 0; k < K; k++) f[B + k * cols + c] = f[row + offset + k] * scale;
      }
    },

    firstNonFinite(values, count) {
      const f = heap.f64;
      const V = values >>> 3;
      for (let i = 0; i < count; i++) if (f[V + i] - f[V + i] !== 0) return i;
      return -1;
    },
  };
}
