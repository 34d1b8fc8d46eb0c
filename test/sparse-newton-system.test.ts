// The sparse Newton-CG's inner solve in the kernels' layout (src/objective/sparse-newton-system.ts):
// its vector kernels (assembly/sparse/cg.ts) against their pure-JS twin (bit for bit) and
// against the plain formulas; and the solve against the compact layout's Hessian-vector
// product (Objective.hessianVector, an independent path): the CG residual it reports is the
// true one, a tight solve solves H x = −g, with and without intercepts, odd K (a pad lane),
// weights, empty rows and both backends.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import type { Backend } from "../src/backends/backend.js";
import { buildProblem } from "../src/fit/problem.js";
import { readTrainingSet, csrOf } from "../src/input/training-set.js";
import { ResidentCsr } from "../src/objective/resident-csr.js";
import { FORCING } from "../src/solvers/newton-cg.js";
import { relativeError } from "./helpers/compare.js";
import { gaussian, rng } from "./helpers/random.js";
import { randomCsr } from "./helpers/sparse.js";

const backends = { wasm: getBackend("wasm"), js: getBackend("js") };

/** Doubles in `backend`'s heap at fresh pointers, filled from `values`. */
function place(backend: Backend, arrays: Float64Array[]): number[] {
  const pointers = arrays.map((a) => backend.heap.alloc(Math.max(a.length, 1) * 8));
  const f = backend.heap.f64;
  arrays.forEach((a, i) => f.set(a, pointers[i] >>> 3));
  return pointers;
}
const read = (backend: Backend, ptr: number, length: number) => backend.heap.f64.slice(ptr >>> 3, (ptr >>> 3) + length);

describe("the CG vector kernels: WebAssembly = JS twin, bit for bit, and = the formulas", () => {
  it.each([
    [1, 2, 2],
    [7, 4, 4],
    [33, 10, 20],
    [5, 20, 20],
    [200, 6, 12],
  ])("%i rows of %i lanes, stride %i", (rows, lanes, stride) => {
    const random = rng(rows * 31 + lanes + stride);
    const length = rows * lanes;
    const vector = () => Float64Array.from({ length }, () => gaussian(random));
    const [x0, r0, p0, hp0] = [vector(), vector(), vector(), vector()];
    const inverse = Float64Array.from({ length: rows }, () => 0.1 + random());
    const alpha = 0.37;
    const beta = 0.81;
    /** A vector at the stride: its lanes, and a sentinel between rows that no kernel may touch. */
    const strided = (v: Float64Array) => {
      const out = new Float64Array(rows * stride).fill(12345);
      for (let j = 0; j < rows; j++) out.set(v.subarray(j * lanes, (j + 1) * lanes), j * stride);
      return out;
    };
    const lanesOf = (backend: Backend, ptr: number) => {
      const all = read(backend, ptr, rows * stride);
      const gaps = all.filter((_, i) => i % stride >= lanes);
      expect(gaps.every((g) => g === 12345)).toBe(true);
      return all.filter((_, i) => i % stride < lanes);
    };
    const outputs = Object.entries(backends).map(([, backend]) => {
      const kernels = backend.sparse.float64;
      const [x, r, p, hp, inv, sums] = place(backend, [...[x0, r0, p0, hp0].map(strided), inverse, new Float64Array(2)]);
      kernels.cgStart(x, r, p, inv, rows, lanes, stride, sums);
      const start = { x: lanesOf(backend, x), p: lanesOf(backend, p), sums: read(backend, sums, 2) };
      const curvature = kernels.hessianFinish(p, hp, rows, lanes, stride, 0.5, 0.25, 1, 2);
      const finished = lanesOf(backend, hp);
      kernels.cgUpdate(x, r, p, hp, inv, rows, lanes, stride, alpha, sums);
      const update = { x: lanesOf(backend, x), r: lanesOf(backend, r), sums: read(backend, sums, 2) };
      kernels.cgDirection(r, p, inv, rows, lanes, stride, beta);
      const direction = lanesOf(backend, p);
      for (const q of [x, r, p, hp, inv, sums]) backend.heap.free(q);
      return { start, curvature, finished, update, direction };
    });
    expect(outputs[0]).toEqual(outputs[1]);

    // The formulas, in plain loops (another order of summation: within 1e-13).
    const z = Float64Array.from(r0, (v, i) => inverse[Math.floor(i / lanes)] * v);
    const [wasm] = outputs;
    expect(wasm.start.x.every((v) => v === 0)).toBe(true);
    expect(relativeError(wasm.start.p, z)).toBeLessThan(1e-15);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);
    expect(wasm.start.sums[0]).toBeCloseTo(dot(r0, z), 11);
    expect(wasm.start.sums[1]).toBeCloseTo(dot(r0, r0), 11);
    const hp = Float64Array.from(hp0, (v, i) => (i < lanes ? 0 : v * 0.5 + (i >= 2 * lanes ? 0.25 * z[i] : 0)));
    expect(relativeError(wasm.finished, hp)).toBeLessThan(1e-15);
    expect(wasm.curvature).toBeCloseTo(dot(z, hp), 11);
    const x = Float64Array.from(z, (v) => alpha * v);
    const r = Float64Array.from(r0, (v, i) => v - alpha * hp[i]);
    expect(relativeError(wasm.update.x, x)).toBeLessThan(1e-15);
    expect(relativeError(wasm.update.r, r)).toBeLessThan(1e-15);
    const rz = Float64Array.from(r, (v, i) => inverse[Math.floor(i / lanes)] * v);
    expect(wasm.update.sums[0]).toBeCloseTo(dot(r, r), 11);
    expect(wasm.update.sums[1]).toBeCloseTo(dot(r, rz), 11);
    expect(relativeError(wasm.direction, Float64Array.from(rz, (v, i) => v + beta * z[i]))).toBeLessThan(1e-15);
  });
});

describe("SparseNewtonSystem.solve against the compact Hessian-vector product", () => {
  const cases = (["wasm", "js"] as const).flatMap((backend) =>
    [
      { K: 3, fitIntercept: true, weighted: false },
      { K: 3, fitIntercept: false, weighted: true },
      { K: 4, fitIntercept: true, weighted: true },
      { K: 2, fitIntercept: false, weighted: false },
    ].map((c) => ({ backend, ...c })),
  );
  it.each(cases)("$backend, K = $K, intercept $fitIntercept, weights $weighted", ({ backend, K, fitIntercept, weighted }) => {
    const random = rng(K * 7 + (fitIntercept ? 1 : 0) + (weighted ? 2 : 0));
    const n = 90;
    const d = 40;
    // perRow 0 on some rows: empty rows; some columns never occur.
    const X = randomCsr(random, { rows: n, cols: d, perRow: 5 });
    const y = Array.from({ length: n }, () => Math.floor(random() * K));
    const sampleWeight = weighted ? Array.from({ length: n }, () => 2 * random()) : undefined;
    const data = readTrainingSet(X, y, sampleWeight, () => {});
    const matrix = new ResidentCsr(backends[backend], csrOf(data)!, "float64");
    const { objective } = buildProblem(matrix, true, data, { l2: 1e-2, l1: 0, fitIntercept, classWeight: null, standardize: false });
    try {
      const P = objective.size;
      const theta = Float64Array.from({ length: P }, () => 0.3 * gaussian(random));
      if (!fitIntercept) for (let k = 0; k < K; k++) theta[k * (d + 1)] = 0;
      const gradient = new Float64Array(P);
      objective.lossGradient(theta, gradient);
      const system = objective.newtonSystem();
      expect(system).not.toBeNull();
      const residual = (x: Float64Array) => {
        const hx = new Float64Array(P);
        objective.hessianVector(theta, x, hx);
        return Math.hypot(...hx.map((v, i) => v + gradient[i]));
      };
      const gNorm = Math.hypot(...gradient);
      // Newton-CG's forcing: the residual it stops at is the true one.
      const direction = new Float64Array(P);
      const loose = system!.solve(theta, gradient, direction, FORCING, 200);
      expect(loose.negativeCurvature).toBe(false);
      expect(loose.iterations).toBeGreaterThan(0);
      expect(residual(direction)).toBeLessThanOrEqual(FORCING * gNorm * (1 + 1e-9));
      // A tight solve: H x = −g.
      const tight = system!.solve(theta, gradient, direction, 1e-12, 2000);
      expect(tight.iterations).toBeGreaterThan(loose.iterations);
      expect(residual(direction)).toBeLessThan(1e-10 * gNorm);
      if (!fitIntercept) for (let k = 0; k < K; k++) expect(direction[k * (d + 1)]).toBe(0);
      // The solve borrowed the evaluations' θ/gradient rows: evaluations give the same bits after it.
      const again = new Float64Array(P);
      objective.lossGradient(theta, again);
      expect(again).toEqual(gradient);
      system!.dispose();
      system!.dispose();
    } finally {
      objective.dispose();
    }
  });
});
