// Every kernel, WASM vs the pure-JS twin, on random shapes including the edge cases of the
// SIMD and tiling code: d = 1, K = 2, n = 1, and sizes that are not multiples of anything.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { LAYOUT, strideFor, type Backend, type Dtype } from "../src/backends/backend.js";
import { relativeError } from "./helpers/compare.js";
import { gaussian, rng } from "./helpers/random.js";

const wasm = getBackend("wasm");
const js = getBackend("js");

interface Case {
  n: number;
  d: number;
  K: number;
  soft: boolean;
  intercept: 0 | 1;
  dtype: Dtype;
}

const shapes: Array<[number, number, number]> = [
  [1, 1, 2], [1, 3, 3], [2, 1, 2], [3, 2, 2], [5, 1, 10], [7, 5, 3], [31, 4, 3], [33, 7, 4],
  [64, 64, 10], [65, 63, 5], [127, 9, 7], [130, 100, 10], [257, 13, 2], [300, 17, 11],
];
const cases: Case[] = (["float64", "float32"] as const).flatMap((dtype) =>
  shapes.flatMap(([n, d, K], i) => [
    { n, d, K, soft: false, intercept: 1 as const, dtype },
    { n, d, K, soft: true, intercept: (i % 2) as 0 | 1, dtype },
  ]),
);

/** Place one random problem in a backend's heap and return the pointers. */
function place(backend: Backend, c: Case, seed: number) {
  const random = rng(seed);
  const s = strideFor(c.d, c.dtype);
  const xBytes = LAYOUT[c.dtype].bytes;
  const heap = backend.heap;
  const p = {
    x: heap.alloc(c.n * s * xBytes),
    y: heap.alloc(c.soft ? c.n * c.K * 8 : c.n * 4),
    w: heap.alloc(c.n * 8),
    theta: heap.alloc(c.K * s * 8),
    v: heap.alloc(c.K * s * 8),
    grad: heap.alloc(c.K * s * 8),
    prob: heap.alloc(c.n * c.K * 8),
    blocks: heap.alloc(((c.K * (c.K + 1)) / 2) * s * s * 8),
    scratch: heap.alloc(backend.kernels[c.dtype].scratchBytes(c.K, s)),
  };
  const f = heap.f64;
  const xv = c.dtype === "float32" ? heap.f32 : heap.f64;
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < s; j++) xv[p.x / xBytes + i * s + j] = j === 0 ? c.intercept : j <= c.d ? gaussian(random) : 0;
    f[(p.w >>> 3) + i] = random() * 2;
    if (c.soft) {
      let sum = 0;
      const row = Array.from({ length: c.K }, () => random());
      row.forEach((v) => (sum += v));
      row.forEach((v, k) => (f[(p.y >>> 3) + i * c.K + k] = v / sum));
    } else heap.i32[(p.y >>> 2) + i] = Math.floor(random() * c.K);
  }
  for (let k = 0; k < c.K; k++) {
    for (let j = 0; j < s; j++) {
      f[(p.theta >>> 3) + k * s + j] = j <= c.d ? gaussian(random) : 0;
      f[(p.v >>> 3) + k * s + j] = j <= c.d ? gaussian(random) : 0;
    }
  }
  return { p, s };
}

function run(backend: Backend, c: Case, seed: number) {
  const { p, s } = place(backend, c, seed);
  const k = backend.kernels[c.dtype];
  const heap = backend.heap;
  const read = (ptr: number, len: number) => Float64Array.from(heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + len));
  const loss = k.lossGradient(p.x, c.n, s, c.K, p.theta, p.y, c.soft ? 1 : 0, p.w, p.grad, p.prob, p.scratch);
  const grad = read(p.grad, c.K * s);
  const probOut = read(p.prob, c.n * c.K);
  const lossOnly = k.lossGradient(p.x, c.n, s, c.K, p.theta, p.y, c.soft ? 1 : 0, p.w, 0, 0, p.scratch);
  k.hessian(p.x, c.n, s, c.K, p.prob, p.w, p.blocks, p.scratch);
  const blocks = read(p.blocks, ((c.K * (c.K + 1)) / 2) * s * s);
  // Only the upper triangles are defined.
  const upper: number[] = [];
  for (let b = 0; b < (c.K * (c.K + 1)) / 2; b++) for (let i = 0; i < s; i++) for (let j = i; j < s; j++) upper.push(blocks[b * s * s + i * s + j]);
  k.hessianVector(p.x, c.n, s, c.K, p.prob, p.w, p.v, p.grad, p.scratch);
  const hv = read(p.grad, c.K * s);
  const prob = new Float64Array(c.n * c.K);
  k.probabilities(p.x, c.n, s, c.K, p.theta, p.prob, p.scratch);
  prob.set(read(p.prob, c.n * c.K));
  for (const ptr of Object.values(p)) heap.free(ptr);
  return { loss, lossOnly, grad, probOut, prob, upper, hv };
}

describe("kernels: WebAssembly SIMD against pure JS", () => {
  it.each(cases)("$dtype n=$n d=$d K=$K soft=$soft intercept=$intercept", (c) => {
    const seed = c.n * 1000 + c.d * 10 + c.K;
    const a = run(wasm, c, seed);
    const b = run(js, c, seed);
    // Tolerance: in f64 the two differ only in summation order and exp/log rounding. The
    // f32 kernels multiply in f32 (rounding θ to f32 and summing short runs in f32, about
    // 1e-7 relative), while the JS twin reads the same f32 X but computes in f64.
    const tol = c.dtype === "float64" ? 1e-12 : 2e-6;
    expect(Math.abs(a.loss - b.loss) / Math.max(1, Math.abs(b.loss))).toBeLessThan(tol);
    expect(a.lossOnly).toBe(a.loss);
    expect(relativeError(a.grad, b.grad)).toBeLessThan(tol);
    expect(relativeError(a.probOut, b.probOut)).toBeLessThan(c.dtype === "float64" ? 1e-13 : tol);
    expect(relativeError(a.upper, b.upper)).toBeLessThan(tol);
    expect(relativeError(a.hv, b.hv)).toBeLessThan(tol);
    // predict's probabilities are the very ones the loss used, bit for bit.
    expect(a.prob).toEqual(a.probOut);
    for (let i = 0; i < c.n; i++) {
      let sum = 0;
      for (let k = 0; k < c.K; k++) sum += a.prob[i * c.K + k];
      expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
    }
  });

  it("gives the same bits on repeated calls (no state leaks between calls)", () => {
    const c: Case = { n: 77, d: 9, K: 4, soft: false, intercept: 1, dtype: "float64" };
    expect(run(wasm, c, 5)).toEqual(run(wasm, c, 5));
  });
});
