// The solvers' kernels (weighted Gram of listed rows, the preconditioner's row weights, Cholesky, K-right-hand-side solve,
// L-BFGS two-loop recursion), WASM and pure JS, against plain reference computations in
// this file, on shapes that hit the SIMD tails and the tiling (odd m, odd K, tiles of rows).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { LAYOUT, strideFor, type Dtype } from "../src/backends/backend.js";
import { gaussian, rng } from "./helpers/random.js";
import { curvatureWeight } from "../src/objective/curvature-preconditioner.js";

const backends = [getBackend("wasm"), getBackend("js")];

/** max |a − b| / max |b|. */
function relative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe.each(backends.map((b) => [b.name, b] as const))("solver kernels (%s)", (_, backend) => {
  const heap = backend.heap;

  it.each([
    ["float64", 1, 5, 5],
    ["float64", 3, 37, 20],
    ["float64", 64, 300, 257],
    ["float64", 101, 40, 300],
    ["float32", 2, 9, 7],
    ["float32", 100, 200, 150],
    ["float32", 784, 60, 41],
  ] as [Dtype, number, number, number][])("weightedGramOfRows %s d=%i n=%i rows=%i: Σ a x̂x̂ᵀ over the listed rows", (dtype, d, n, count) => {
    const random = rng(d * 1000 + count);
    const s = strideFor(d, dtype);
    const bytes = LAYOUT[dtype].bytes;
    const kernels = backend.kernels[dtype];
    const x = heap.alloc(n * s * bytes);
    const rows = heap.alloc(count * 4);
    const a = heap.alloc(count * 8);
    const out = heap.alloc(s * s * 8);
    const scratch = heap.alloc(kernels.gramRowsScratchBytes(s));
    const xv = dtype === "float32" ? heap.f32 : heap.f64;
    const X = new Float64Array(n * s);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < s; j++) {
        const v = j === 0 ? 1 : j <= d ? gaussian(random) : 0;
        xv[x / bytes + i * s + j] = v;
        X[i * s + j] = xv[x / bytes + i * s + j];
      }
    }
    // Rows in any order, with repeats.
    const list = Int32Array.from({ length: count }, () => Math.floor(random() * n));
    const weights = Float64Array.from({ length: count }, () => random());
    heap.i32.set(list, rows >>> 2);
    heap.f64.set(weights, a >>> 3);
    kernels.weightedGramOfRows(x, s, rows, count, a, out, scratch);
    const got = heap.f64.subarray(out >>> 3, (out >>> 3) + s * s);
    const upper: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i <= d; i++) {
      for (let j = i; j <= d; j++) {
        let sum = 0;
        for (let t = 0; t < count; t++) sum += weights[t] * X[list[t] * s + i] * X[list[t] * s + j];
        expected.push(sum);
        upper.push(got[i * s + j]);
      }
    }
    expect(relative(upper, expected)).toBeLessThan(dtype === "float32" ? 1e-6 : 1e-13);
    for (const p of [x, rows, a, out, scratch]) heap.free(p);
  });

  it.each([
    [2, 1, 1],
    [3, 40, 17],
    [10, 300, 123],
  ])("curvatureWeights K=%i n=%i rows=%i: the bits of curvatureWeight(p, r·K, K, w_r) / Σw over the listed rows", (K, n, count) => {
    const random = rng(K * 100 + count);
    const [p, w, rows, out] = [heap.alloc(n * K * 8), heap.alloc(n * 8), heap.alloc(count * 4), heap.alloc(count * 8)];
    const probabilities = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      const e = Float64Array.from({ length: K }, () => Math.exp(gaussian(random)));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let k = 0; k < K; k++) probabilities[i * K + k] = e[k] / sum;
    }
    const weights = Float64Array.from({ length: n }, () => random() * 3);
    // Rows in any order, with repeats.
    const list = Int32Array.from({ length: count }, () => Math.floor(random() * n));
    const weightSum = 7.25;
    heap.f64.set(probabilities, p >>> 3);
    heap.f64.set(weights, w >>> 3);
    heap.i32.set(list, rows >>> 2);
    backend.kernels.float64.curvatureWeights(p, w, rows, count, K, weightSum, out);
    const got = Array.from(heap.f64.subarray(out >>> 3, (out >>> 3) + count));
    expect(got).toEqual(Array.from(list, (r) => curvatureWeight(probabilities, r * K, K, weights[r]) / weightSum));
    for (const q of [p, w, rows, out]) heap.free(q);
  });

  it.each([1, 2, 3, 8, 65, 130])("cholesky and solveClasses (m = %i): A x = v for every class row", (m) => {
    const random = rng(m);
    const lda = m + (m % 2);
    const K = m % 3 === 0 ? 3 : 4;
    // A = BᵀB/m + I, symmetric positive definite; only its upper triangle is given.
    const B = Float64Array.from({ length: m * m }, () => gaussian(random));
    const A = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let sum = i === j ? 1 : 0;
      for (let k = 0; k < m; k++) sum += (B[k * m + i] * B[k * m + j]) / m;
      A[i * m + j] = sum;
    }
    const a = heap.alloc(m * lda * 8);
    const v = heap.alloc(K * lda * 8);
    const z = heap.alloc(m * ((K + 1) & ~1) * 8);
    let f = heap.f64;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) f[(a >>> 3) + i * lda + j] = j >= i ? A[i * m + j] : NaN;
    const rhs = Float64Array.from({ length: K * lda }, () => gaussian(random));
    f.set(rhs, v >>> 3);
    expect(backend.kernels.float64.cholesky(a, m, lda, 1e-12)).toBe(1);
    backend.kernels.float64.solveClasses(a, m, lda, K, v, lda, v, z);
    f = heap.f64;
    for (let k = 0; k < K; k++) {
      const x = f.subarray((v >>> 3) + k * lda, (v >>> 3) + k * lda + m);
      const Ax = Array.from({ length: m }, (_, i) => A.subarray(i * m, (i + 1) * m).reduce((sum, aij, j) => sum + aij * x[j], 0));
      expect(relative(Ax, rhs.subarray(k * lda, k * lda + m))).toBeLessThan(1e-12);
    }
    // An indefinite matrix is refused.
    f = heap.f64;
    for (let i = 0; i < m; i++) for (let j = i; j < m; j++) f[(a >>> 3) + i * lda + j] = i === j ? (i === m - 1 ? -1 : 1) : 0;
    expect(backend.kernels.float64.cholesky(a, m, lda, 0)).toBe(0);
    for (const p of [a, v, z]) heap.free(p);
  });

  it.each([
    [1, 0],
    [7, 1],
    [650, 3],
    [651, 10],
  ])("twoLoop (P = %i, %i pairs in a wrapped ring) equals the textbook recursion", (P, stored) => {
    const random = rng(P + stored);
    const capacity = 4 + (stored > 4 ? 6 : 0);
    const newest = stored === 0 ? -1 : (stored + 2) % capacity;
    const S = Float64Array.from({ length: capacity * P }, () => gaussian(random));
    const Y = S.map((s) => s * (1 + random()) + 0.1 * gaussian(random));
    const rho = new Float64Array(capacity);
    const yy = new Float64Array(capacity);
    for (let c = 0; c < capacity; c++) {
      let sy = 0;
      let y2 = 0;
      for (let i = 0; i < P; i++) {
        sy += S[c * P + i] * Y[c * P + i];
        y2 += Y[c * P + i] ** 2;
      }
      rho[c] = 1 / sy;
      yy[c] = y2;
    }
    const g = Float64Array.from({ length: P }, () => gaussian(random));
    // Textbook: q = g; newest → oldest α = ρ sᵀq, q −= α y; r = γ q; oldest → newest β = ρ yᵀr, r += (α − β) s; d = −r.
    const slots = Array.from({ length: stored }, (_, age) => (newest - age + capacity) % capacity);
    const q = Float64Array.from(g);
    const alpha = new Map<number, number>();
    for (const c of slots) {
      const al = rho[c] * S.subarray(c * P, (c + 1) * P).reduce((sum, s, i) => sum + s * q[i], 0);
      alpha.set(c, al);
      for (let i = 0; i < P; i++) q[i] -= al * Y[c * P + i];
    }
    const gamma = stored ? 1 / (rho[newest] * yy[newest]) : 1;
    for (let i = 0; i < P; i++) q[i] *= gamma;
    for (const c of [...slots].reverse()) {
      const beta = rho[c] * Y.subarray(c * P, (c + 1) * P).reduce((sum, y, i) => sum + y * q[i], 0);
      for (let i = 0; i < P; i++) q[i] += (alpha.get(c)! - beta) * S[c * P + i];
    }
    const expected = q.map((v) => -v);
    const ptr = { S: heap.alloc(S.length * 8), Y: heap.alloc(Y.length * 8), rho: heap.alloc(capacity * 8), yy: heap.alloc(capacity * 8), alpha: heap.alloc(capacity * 8), g: heap.alloc(P * 8), d: heap.alloc(P * 8) };
    const f = heap.f64;
    f.set(S, ptr.S >>> 3);
    f.set(Y, ptr.Y >>> 3);
    f.set(rho, ptr.rho >>> 3);
    f.set(yy, ptr.yy >>> 3);
    f.set(g, ptr.g >>> 3);
    const slope = backend.kernels.float64.twoLoop(ptr.S, ptr.Y, ptr.rho, ptr.yy, ptr.alpha, newest, stored, capacity, P, ptr.g, ptr.d);
    const d = heap.f64.slice(ptr.d >>> 3, (ptr.d >>> 3) + P);
    expect(relative(d, expected)).toBeLessThan(1e-12);
    expect(Math.abs(slope - expected.reduce((sum, v, i) => sum + v * g[i], 0))).toBeLessThan(1e-10 * Math.abs(slope));
    for (const p of Object.values(ptr)) heap.free(p);
  });
});
