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
    cgStart(x, r, p, inverse, rows, lanes, stride, sums, negate = 0, zero = 0) {
      const f = heap.f64;
      const [X, R, Q, S] = [x >>> 3, r >>> 3, p >>> 3, inverse >>> 3];
      const rz = [0, 0];
      const rr = [0, 0];
      for (let j = 0; j < rows; j++) {
        const s = f[S + j];
        for (let k = 0, i = j * stride; k < lanes; k++, i++) {
          let ri = f[R + i];
          if (negate) f[R + i] = ri = -ri;
          const z = s * ri;
          f[X + i] = 0;
          f[Q + i] = z;
          if (zero) f[(zero >>> 3) + i] = 0;
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

    cgDirection(r, p, inverse, rows, lanes, stride, beta, zero = 0) {
      const f = heap.f64;
      const [R, Q, S, Z] = [r >>> 3, p >>> 3, inverse >>> 3, zero >>> 3];
      for (let j = 0; j < rows; j++) {
        const s = f[S + j];
        for (let k = 0, i = j * stride; k < lanes; k++, i++) {
          f[Q + i] = s * f[R + i] + beta * f[Q + i];
          if (zero) f[Z + i] = 0;
        }
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
      return toLayout(block, cols, K, layout, stride, rowMap, penalisedFrom, sums, null);
    },

    toLayoutAlong(block, cols, K, layout, stride, rowMap, penalisedFrom, sums, x, xStride, t, zeroFirst) {
      return toLayout(block, cols, K, layout, stride, rowMap, penalisedFrom, sums, { x, xStride, t, zeroFirst });
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

    maxAbs(values, count) {
      const f = heap.f64;
      const V = values >>> 3;
      let largest = 0;
      for (let i = 0; i < count; i++) {
        const a = Math.abs(f[V + i]);
        if (a > largest || a !== a) largest = a;
      }
      return largest;
    },

    step(after, old, count) {
      const f = heap.f64;
      const [A, O] = [after >>> 3, old >>> 3];
      let largest = 0;
      for (let i = 0; i < count; i++) {
        const s = f[A + i] - f[O + i];
        f[O + i] = s;
        const a = Math.abs(s);
        if (a > largest || a !== a) largest = a;
      }
      return largest;
    },

    equal(a, b, count) {
      const f = heap.f64;
      const [A, B] = [a >>> 3, b >>> 3];
      for (let i = 0; i < count; i++) if (f[A + i] !== f[B + i]) return 0;
      return 1;
    },

    slope(g, count, k0, j0, m, x, xStride, rowMap, zeroFirst, slope) {
      const f = heap.f64;
      const i32 = heap.i32;
      const [G, X, M] = [g >>> 3, x >>> 3, rowMap >>> 2];
      for (let t = 0, k = k0, j = j0; t < count; t++) {
        slope += f[G + t] * (j === 0 && zeroFirst ? 0 : f[X + i32[M + j] * xStride + k]);
        if (++j === m) [j, k] = [0, k + 1];
      }
      return slope;
    },

    curvatureDiagonal(valueBytes, indptr, indices, values, n, m, K, p, w, out, fitIntercept) {
      const f = heap.f64;
      const i32 = heap.i32;
      const v = valueBytes === 4 ? heap.f32 : f;
      const [I, J, V, Q, W, O] = [indptr >>> 2, indices >>> 2, values / valueBytes, p >>> 3, w >>> 3, out >>> 3];
      f.fill(0, O, O + m);
      let intercept = 0;
      for (let i = 0; i < n; i++) {
        let squares = 0;
        for (let k = 0; k < K; k++) squares += f[Q + i * K + k] * f[Q + i * K + k];
        const c = (f[W + i] * (1 - squares)) / K;
        intercept += c;
        for (let e = i32[I + i]; e < i32[I + i + 1]; e++) f[O + 1 + i32[J + e]] += c * v[V + e] * v[V + e];
      }
      f[O] = fitIntercept ? intercept : 0;
    },
  };

  /** toLayout (along: of the point block + t·x), one column at a time in transpose.ts's order. */
  function toLayout(
    block: number, cols: number, K: number, layout: number, stride: number, rowMap: number, penalisedFrom: number, sums: number,
    along: { x: number; xStride: number; t: number; zeroFirst: number } | null,
  ): number {
    const f = heap.f64;
    const [B, L, M] = [block >>> 3, layout >>> 3, rowMap >>> 2];
    const pairs = K & ~1;
    let [even, odd, last] = [0, 0, 0];
    let bad = 0;
    for (let c = 0; c < cols; c++) {
      let [columnEven, columnOdd] = [0, 0];
      const mapped = rowMap ? heap.i32[M + c] : c;
      const row = L + mapped * stride;
      const xRow = along ? (along.x >>> 3) + mapped * along.xStride : 0;
      const absent = along !== null && c === 0 && along.zeroFirst !== 0;
      let lastValue = 0;
      for (let k = 0; k < K; k++) {
        let x = f[B + k * cols + c];
        if (along) x = x + along.t * (absent ? 0 : f[xRow + k]);
        f[row + k] = x;
        if (x - x !== 0) bad = 1;
        if (k >= pairs) {
          lastValue = x;
          continue;
        }
        if (k & 1) columnOdd += x * x;
        else columnEven += x * x;
      }
      if (c < penalisedFrom) continue;
      even += columnEven;
      odd += columnOdd;
      if (pairs < K) last += lastValue * lastValue;
    }
    f[sums >>> 3] = even + odd + last;
    return bad;
  }
}
