// The CSR kernels against two independent references: their pure-JS twin, and the dense
// kernels run on the same matrix made dense (repeated columns summed). Shapes include empty
// rows, one row, d = 1, K = 2 and odd K, K on both sides of the
// register/memory switch of the logits loop (16 | 17+), unsorted columns and repeated columns.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { strideFor, type Backend, type Dtype } from "../src/backends/backend.js";
import { paddedClasses } from "../src/backends/sparse-kernels.js";
import { unpackHessianBlocks } from "../src/objective/hessian-blocks.js";
import { relativeError } from "./helpers/compare.js";
import { gaussian, rng } from "./helpers/random.js";
import { densify, randomCsr, type Csr } from "./helpers/sparse.js";

const wasm = getBackend("wasm");
const js = getBackend("js");

interface Case {
  n: number;
  d: number;
  K: number;
  perRow: number;
  soft: boolean;
  unsorted: boolean;
  duplicates: boolean;
}

const shapes: Array<[number, number, number, number]> = [
  [1, 1, 2, 1], [1, 5, 3, 4], [3, 2, 2, 1], [7, 9, 3, 3], [33, 20, 4, 6], [40, 50, 5, 9], [65, 7, 10, 3],
  [100, 300, 7, 11], [129, 64, 2, 20], [160, 60, 9, 8], [200, 1000, 11, 5],
  // K = 16 is the largest K whose logits stay in registers; K = 19 takes the loop in memory.
  [70, 12, 16, 5], [50, 10, 19, 4],
];
const cases: Case[] = shapes.flatMap(([n, d, K, perRow], i) => [
  { n, d, K, perRow, soft: false, unsorted: false, duplicates: false },
  { n, d, K, perRow, soft: i % 2 === 1, unsorted: true, duplicates: i % 3 === 0 },
]);

/** A case's data: the CSR matrix, targets, weights and two parameter sets (compact layout). */
function problem(c: Case, seed: number) {
  const random = rng(seed);
  const X = randomCsr(random, { rows: c.n, cols: c.d, perRow: c.perRow, unsorted: c.unsorted, duplicates: c.duplicates });
  const labels = Int32Array.from({ length: c.n }, () => Math.floor(random() * c.K));
  const soft = new Float64Array(c.n * c.K);
  for (let i = 0; i < c.n; i++) {
    const row = Array.from({ length: c.K }, () => random());
    const sum = row.reduce((a, b) => a + b, 0);
    row.forEach((v, k) => (soft[i * c.K + k] = v / sum));
  }
  const w = Float64Array.from({ length: c.n }, () => random() * 2);
  const P = c.K * (c.d + 1);
  const theta = Float64Array.from({ length: P }, () => gaussian(random));
  const v = Float64Array.from({ length: P }, () => gaussian(random));
  return { X, labels, soft, w, theta, v };
}

type Problem = ReturnType<typeof problem>;

/** The dense Hessian is checked where it is small (P = K(d+1) ≤ 800), as Newton-Cholesky uses it. */
const withHessian = (c: Case) => c.K * (c.d + 1) <= 800;

/** Compact θ (K × (d+1)) → feature-major ((d+1) rows, `stride` doubles apart), and back. */
function featureMajor(compact: Float64Array, K: number, m: number, stride: number): Float64Array {
  const out = new Float64Array(m * stride);
  for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) out[j * stride + k] = compact[k * m + j];
  return out;
}
function compactFrom(fm: ArrayLike<number>, K: number, m: number, stride: number): Float64Array {
  const out = new Float64Array(K * m);
  for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) out[k * m + j] = fm[j * stride + k];
  return out;
}

/**
 * Everything the sparse kernels compute on a problem, in compact layouts. `interleaved`: the
 * gradient (Hessian-vector product) shares θ's (v's) rows, stride 2·KP; else its own, stride KP.
 */
function runSparse(backend: Backend, c: Case, pr: Problem, dtype: Dtype, interleaved = false) {
  const heap = backend.heap;
  const k = backend.sparse[dtype];
  const { X } = pr;
  const m = c.d + 1;
  const KP = paddedClasses(c.K);
  const nnz = X.indptr[c.n];
  const valueBytes = dtype === "float32" ? 4 : 8;
  const S = interleaved ? 2 * KP : KP;
  const p = {
    indptr: heap.alloc((c.n + 1) * 4),
    indices: heap.alloc(nnz * 4),
    values: heap.alloc(nnz * valueBytes),
    y: heap.alloc(c.soft ? c.n * c.K * 8 : c.n * 4),
    w: heap.alloc(c.n * 8),
    theta: heap.alloc(m * S * 8),
    v: heap.alloc(m * S * 8),
    grad: heap.alloc(m * KP * 8),
    prob: heap.alloc(c.n * c.K * 8),
    out: heap.alloc(c.n * c.K * 8),
    hessian: heap.alloc(withHessian(c) ? m * KP * m * KP * 8 : 8),
    scratch: heap.alloc(k.scratchBytes(c.K)),
  };
  heap.i32.set(X.indptr, p.indptr >>> 2);
  heap.i32.set(X.indices, p.indices >>> 2);
  (dtype === "float32" ? heap.f32 : heap.f64).set(X.data, p.values / valueBytes);
  if (c.soft) heap.f64.set(pr.soft, p.y >>> 3);
  else heap.i32.set(pr.labels, p.y >>> 2);
  heap.f64.set(pr.w, p.w >>> 3);
  heap.f64.set(featureMajor(pr.theta, c.K, m, S), p.theta >>> 3);
  heap.f64.set(featureMajor(pr.v, c.K, m, S), p.v >>> 3);
  const grad = interleaved ? p.theta + KP * 8 : p.grad;
  const hvOut = interleaved ? p.v + KP * 8 : p.grad;
  // Garbage in the outputs: every one must be overwritten, not accumulated into.
  for (const ptr of [grad, hvOut]) heap.f64.fill(7.5, ptr >>> 3, (ptr >>> 3) + KP);
  for (const ptr of [p.prob, p.out]) heap.f64.fill(7.5, ptr >>> 3, (ptr >>> 3) + c.K);
  const read = (ptr: number, len: number) => Float64Array.from(heap.f64.subarray(ptr >>> 3, (ptr >>> 3) + len));
  const soft = c.soft ? 1 : 0;
  const loss = k.lossGradient(p.indptr, p.indices, p.values, c.n, m, c.K, p.theta, S, p.y, soft, p.w, grad, p.prob, p.scratch);
  const gradient = compactFrom(read(grad, m * S), c.K, m, S);
  const probOut = read(p.prob, c.n * c.K);
  const lossOnly = k.lossGradient(p.indptr, p.indices, p.values, c.n, m, c.K, p.theta, S, p.y, soft, p.w, 0, 0, p.scratch);
  k.hessianVector(p.indptr, p.indices, p.values, c.n, m, c.K, p.prob, p.w, p.v, S, hvOut, p.scratch);
  const hv = compactFrom(read(hvOut, m * S), c.K, m, S);
  // θ is left as it was (interleaved, the gradient writes only its own lanes).
  const thetaAfter = compactFrom(read(p.theta, m * S), c.K, m, S);
  if (withHessian(c)) k.hessian(p.indptr, p.indices, p.values, c.n, m, c.K, p.prob, p.w, p.hessian, p.scratch);
  const hessian = withHessian(c) ? fullHessianFromFeatureMajor(read(p.hessian, m * KP * m * KP), c.K, m) : null;
  k.probabilities(p.indptr, p.indices, p.values, c.n, c.K, p.theta, S, p.out, p.scratch);
  const prob = read(p.out, c.n * c.K);
  k.logits(p.indptr, p.indices, p.values, c.n, c.K, p.theta, S, p.out, p.scratch);
  const logits = read(p.out, c.n * c.K);
  for (const ptr of Object.values(p)) heap.free(ptr);
  return { loss, lossOnly, grad: gradient, probOut, prob, logits, hv, hessian, thetaAfter };
}

/** The compact P×P Hessian from the kernel's feature-major blocks (a ≤ b defined). */
function fullHessianFromFeatureMajor(fm: Float64Array, K: number, m: number): Float64Array {
  const KP = paddedClasses(K);
  const width = m * KP;
  const P = K * m;
  const out = new Float64Array(P * P);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      for (let k = 0; k < K; k++) {
        for (let l = 0; l < K; l++) {
          const v = a <= b ? fm[(a * KP + k) * width + b * KP + l] : fm[(b * KP + l) * width + a * KP + k];
          out[(k * m + a) * P + l * m + b] = v;
        }
      }
    }
  }
  return out;
}

/** The dense f64 kernels on the densified matrix (values as given: pass f32-rounded data to compare f32). */
function runDense(c: Case, pr: Problem, data: ArrayLike<number>) {
  const heap = wasm.heap;
  const k = wasm.kernels.float64;
  const { d, n, K } = c;
  const s = strideFor(d, "float64");
  const dense = densify({ ...pr.X, data: Float64Array.from(data) } as Csr);
  const p = {
    x: heap.alloc(n * s * 8),
    y: heap.alloc(c.soft ? n * K * 8 : n * 4),
    w: heap.alloc(n * 8),
    theta: heap.alloc(K * s * 8),
    v: heap.alloc(K * s * 8),
    grad: heap.alloc(K * s * 8),
    prob: heap.alloc(n * K * 8),
    blocks: heap.alloc(withHessian(c) ? ((K * (K + 1)) / 2) * s * s * 8 : 8),
    scratch: heap.alloc(k.scratchBytes(K, s)),
  };
  const f = heap.f64;
  f.fill(0, p.x >>> 3, (p.x >>> 3) + n * s);
  for (let i = 0; i < n; i++) {
    f[(p.x >>> 3) + i * s] = 1;
    f.set(dense.subarray(i * d, (i + 1) * d), (p.x >>> 3) + i * s + 1);
  }
  if (c.soft) f.set(pr.soft, p.y >>> 3);
  else heap.i32.set(pr.labels, p.y >>> 2);
  f.set(pr.w, p.w >>> 3);
  const padded = (compact: Float64Array, ptr: number) => {
    f.fill(0, ptr >>> 3, (ptr >>> 3) + K * s);
    for (let kk = 0; kk < K; kk++) f.set(compact.subarray(kk * (d + 1), (kk + 1) * (d + 1)), (ptr >>> 3) + kk * s);
  };
  padded(pr.theta, p.theta);
  padded(pr.v, p.v);
  const compact = (ptr: number) => {
    const out = new Float64Array(K * (d + 1));
    for (let kk = 0; kk < K; kk++) out.set(f.subarray((ptr >>> 3) + kk * s, (ptr >>> 3) + kk * s + d + 1), kk * (d + 1));
    return out;
  };
  const loss = k.lossGradient(p.x, n, s, K, p.theta, p.y, c.soft ? 1 : 0, p.w, p.grad, p.prob, p.scratch);
  const grad = compact(p.grad);
  const prob = Float64Array.from(heap.f64.subarray(p.prob >>> 3, (p.prob >>> 3) + n * K));
  k.hessianVector(p.x, n, s, K, p.prob, p.w, p.v, p.grad, p.scratch);
  const hv = compact(p.grad);
  let hessian: Float64Array | null = null;
  if (withHessian(c)) {
    k.hessian(p.x, n, s, K, p.prob, p.w, p.blocks, p.scratch);
    hessian = new Float64Array((K * (d + 1)) ** 2);
    unpackHessianBlocks(heap.f64.subarray(p.blocks >>> 3), K, d, s, hessian);
  }
  for (const ptr of Object.values(p)) heap.free(ptr);
  return { loss, grad, prob, hv, hessian };
}

/** Logits from the compact θ in plain JS, straight from the CSR entries. */
function referenceLogits(pr: Problem, K: number, d: number, data: ArrayLike<number>): Float64Array {
  const { X } = pr;
  const out = new Float64Array(X.rows * K);
  for (let i = 0; i < X.rows; i++) {
    for (let k = 0; k < K; k++) {
      let z = pr.theta[k * (d + 1)];
      for (let e = X.indptr[i]; e < X.indptr[i + 1]; e++) z += data[e] * pr.theta[k * (d + 1) + 1 + X.indices[e]];
      out[i * K + k] = z;
    }
  }
  return out;
}

const label = "n=$n d=$d K=$K nnz/row≈$perRow soft=$soft unsorted=$unsorted duplicates=$duplicates";

describe.each(["float64", "float32"] as const)("sparse kernels, %s values", (dtype) => {
  it.each(cases)(label, (c) => {
    const pr = problem(c, c.n * 131 + c.d * 7 + c.K);
    const a = runSparse(wasm, c, pr, dtype);
    const b = runSparse(js, c, pr, dtype);
    // The values as the kernels see them: f32-rounded for float32; everything after that is f64.
    const data = dtype === "float32" ? Float32Array.from(pr.X.data) : pr.X.data;
    const dense = runDense(c, pr, data);
    const tol = 1e-12;
    const relative = (x: number, y: number) => Math.abs(x - y) / Math.max(1, Math.abs(y));
    // WASM against the JS twin: the same order of operations, Math.exp/log against the module's.
    expect(relative(a.loss, b.loss)).toBeLessThan(tol);
    expect(relativeError(a.grad, b.grad)).toBeLessThan(tol);
    expect(relativeError(a.probOut, b.probOut)).toBeLessThan(tol);
    expect(relativeError(a.hv, b.hv)).toBeLessThan(tol);
    if (a.hessian) expect(relativeError(a.hessian, b.hessian!)).toBeLessThan(tol);
    expect(relativeError(a.logits, b.logits)).toBeLessThan(tol);
    // Sparse against dense on the same matrix.
    expect(relative(a.loss, dense.loss)).toBeLessThan(tol);
    expect(relativeError(a.grad, dense.grad)).toBeLessThan(tol);
    expect(relativeError(a.probOut, dense.prob)).toBeLessThan(tol);
    expect(relativeError(a.hv, dense.hv)).toBeLessThan(tol);
    if (a.hessian) expect(relativeError(a.hessian, dense.hessian!)).toBeLessThan(tol);
    expect(relativeError(a.logits, referenceLogits(pr, c.K, c.d, data))).toBeLessThan(tol);
    // The loss without gradient, and predictions, carry the training bits.
    expect(a.lossOnly).toBe(a.loss);
    expect(a.prob).toEqual(a.probOut);
    // The gradient interleaved with θ (the layout the objective uses): the same bits, θ intact.
    const interleaved = runSparse(wasm, c, pr, dtype, true);
    expect({ ...interleaved, thetaAfter: null }).toEqual({ ...a, thetaAfter: null });
    expect(interleaved.thetaAfter).toEqual(pr.theta);
    const jsInterleaved = runSparse(js, c, pr, dtype, true);
    expect({ ...jsInterleaved, thetaAfter: null }).toEqual({ ...b, thetaAfter: null });
  });

  it("gives the same bits on repeated calls", () => {
    const c = cases[9];
    const pr = problem(c, 3);
    expect(runSparse(wasm, c, pr, dtype)).toEqual(runSparse(wasm, c, pr, dtype));
  });
});
