// The Newton-CG's passes over the parameters outside the CG (assembly/sparse/steps.ts, the
// fused trial point of assembly/sparse/transpose.ts, the CG start's negation) against their
// JS twins (src/backends/js-sparse-cg.ts) bit for bit, and against the plain loops they
// replaced (the same operations in the same order: the same bits).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import type { Backend } from "../src/backends/backend.js";
import { gaussian, rng } from "./helpers/random.js";

const backends = [getBackend("wasm"), getBackend("js")];

/** Run `body` with `arrays` placed in the heap (f64, or i32 / f32 when typed so); frees them after. */
function withHeap<T>(backend: Backend, arrays: (Float64Array | Int32Array | Float32Array)[], body: (ptrs: number[]) => T): T {
  const heap = backend.heap;
  const ptrs = arrays.map((a) => heap.alloc(Math.max(1, a.length) * a.BYTES_PER_ELEMENT));
  arrays.forEach((a, i) => {
    if (a instanceof Float64Array) heap.f64.set(a, ptrs[i] >>> 3);
    else if (a instanceof Int32Array) heap.i32.set(a, ptrs[i] >>> 2);
    else heap.f32.set(a, ptrs[i] >>> 2);
  });
  try {
    return body(ptrs);
  } finally {
    for (const p of ptrs) heap.free(p);
  }
}
const read = (backend: Backend, ptr: number, length: number) => Array.from(backend.heap.f64.slice(ptr >>> 3, (ptr >>> 3) + length));
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

function jsMaxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || a !== a) m = a;
  }
  return m;
}

describe("the Newton-CG step kernels: WebAssembly = JS twin = the plain loops", () => {
  it("maxAbs, step and equal, odd and even counts, with NaN and ±0", () => {
    const random = rng(5);
    for (const count of [0, 1, 2, 3, 8, 33]) {
      for (const nan of [false, true]) {
        const a = Float64Array.from({ length: count }, () => gaussian(random));
        const b = Float64Array.from(a, (v) => (random() < 0.5 ? v : v + gaussian(random)));
        if (count > 0 && nan) a[Math.floor(random() * count)] = NaN;
        if (count > 1) [a[count - 1], b[count - 1]] = [-0, 0];
        for (const backend of backends) {
          const k = backend.sparse.float64;
          withHeap(backend, [a, b], ([pa, pb]) => {
            expect(same(k.maxAbs(pa, count), jsMaxAbs(a)), `${count} ${nan}`).toBe(true);
            const equal = Array.from(a).every((v, i) => v === b[i]) ? 1 : 0;
            expect(k.equal(pa, pb, count)).toBe(equal);
            expect(k.equal(pa, pa, count)).toBe(Array.from(a).some((v) => v !== v) ? 0 : 1);
            const stepped = Array.from(a, (v, i) => v - b[i]);
            expect(same(k.step(pa, pb, count), jsMaxAbs(stepped))).toBe(true);
            const got = read(backend, pb, count);
            expect(got.every((v, i) => same(v, stepped[i]))).toBe(true);
          });
        }
      }
    }
  });

  it("slope: compact order over runs from any (class, column), mapped rows, absent intercepts", () => {
    const random = rng(7);
    for (const [K, m, xStride] of [[3, 7, 8], [10, 13, 20], [1, 5, 2]]) {
      const KP = (K + 1) & ~1;
      const rowMap = Int32Array.from({ length: m }, (_, i) => i);
      for (let i = m - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [rowMap[i], rowMap[j]] = [rowMap[j], rowMap[i]];
      }
      const x = Float64Array.from({ length: m * xStride }, () => gaussian(random));
      const g = Float64Array.from({ length: K * m }, () => gaussian(random));
      for (const zeroFirst of [0, 1]) {
        let want = 0;
        for (let k = 0; k < K; k++) for (let j = 0; j < m; j++) want += g[k * m + j] * (j === 0 && zeroFirst ? 0 : x[rowMap[j] * xStride + k]);
        for (const run of [1, 4, K * m]) {
          for (const backend of backends) {
            const got = withHeap(backend, [g, x, rowMap], ([pg, px, pm]) => {
              let slope = 0;
              for (let i0 = 0; i0 < g.length; i0 += run) {
                const count = Math.min(run, g.length - i0);
                slope = backend.sparse.float64.slope(pg + i0 * 8, count, Math.floor(i0 / m), i0 % m, m, px, xStride, pm, zeroFirst, slope);
              }
              return slope;
            });
            expect(Object.is(got, want), `K ${K} KP ${KP} run ${run}`).toBe(true);
          }
        }
      }
    }
  });

  it("toLayoutAlong = toLayout of the point block + t·x, both backends", () => {
    const random = rng(9);
    for (const K of [1, 2, 3, 10, 11]) {
      const KP = (K + 1) & ~1;
      for (const cols of [1, 2, 3, 8]) {
        const stride = 2 * KP;
        const xStride = 2 * KP;
        const rowMap = Int32Array.from({ length: cols }, (_, i) => i);
        for (let i = cols - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [rowMap[i], rowMap[j]] = [rowMap[j], rowMap[i]];
        }
        const block = Float64Array.from({ length: K * cols }, () => gaussian(random));
        const x = Float64Array.from({ length: cols * xStride }, () => gaussian(random));
        const layout = Float64Array.from({ length: cols * stride }, () => random());
        for (const zeroFirst of [0, 1]) {
          for (const bad of [false, true]) {
            if (bad) x[rowMap[cols - 1] * xStride] = Infinity;
            const t = 0.37;
            const point = Float64Array.from(block, (v, i) => {
              const [k, c] = [Math.floor(i / cols), i % cols];
              return v + t * (c === 0 && zeroFirst ? 0 : x[rowMap[c] * xStride + k]);
            });
            for (let penalisedFrom = 0; penalisedFrom <= cols; penalisedFrom++) {
              const outs = backends.map((backend) =>
                withHeap(backend, [block, point, x, rowMap, Float64Array.from(layout), Float64Array.from(layout), new Float64Array(2)], ([pb, pp, px, pm, l1, l2, s]) => {
                  const k = backend.sparse.float64;
                  const flagAlong = k.toLayoutAlong(pb, cols, K, l1, stride, pm, penalisedFrom, s, px, xStride, t, zeroFirst);
                  const sumAlong = backend.heap.f64[s >>> 3];
                  const flag = k.toLayout(pp, cols, K, l2, stride, pm, penalisedFrom, s + 8);
                  const sum = backend.heap.f64[(s >>> 3) + 1];
                  return { flagAlong, flag, sumAlong, sum, along: read(backend, l1, layout.length), plain: read(backend, l2, layout.length) };
                }),
              );
              for (const o of outs) {
                expect(o.flagAlong).toBe(o.flag);
                expect(o.flag).toBe(point.some((v) => !Number.isFinite(v)) ? 1 : 0);
                expect(Object.is(o.sumAlong, o.sum)).toBe(true);
                expect(o.along).toEqual(o.plain);
              }
              expect(outs[0]).toEqual(outs[1]);
            }
          }
        }
      }
    }
  });

  it("cgStart with negate = r negated first, then cgStart", () => {
    const random = rng(11);
    const [rows, lanes, stride] = [9, 4, 8];
    const r = Float64Array.from({ length: rows * stride }, () => gaussian(random));
    const inverse = Float64Array.from({ length: rows }, () => 0.1 + random());
    const outs = backends.map((backend) => {
      const k = backend.sparse.float64;
      const z = new Float64Array(rows * stride);
      // Only the lanes are negated; the gaps between rows stay.
      const negated = Float64Array.from(r, (v, i) => (i % stride < lanes ? -v : v));
      return withHeap(backend, [z, r, z, z, negated, z, inverse, new Float64Array(4)], ([x1, r1, p1, x2, r2, p2, inv, s]) => {
        k.cgStart(x1, r1, p1, inv, rows, lanes, stride, s, 1);
        k.cgStart(x2, r2, p2, inv, rows, lanes, stride, s + 16, 0);
        expect(read(backend, r1, r.length)).toEqual(read(backend, r2, r.length));
        expect(read(backend, p1, r.length)).toEqual(read(backend, p2, r.length));
        expect(read(backend, s, 2)).toEqual(read(backend, s + 16, 2));
        return [read(backend, p1, r.length), read(backend, s, 2)];
      });
    });
    expect(outs[0]).toEqual(outs[1]);
  });

  it("cgStart and cgDirection zero the product's lanes when told (and nothing else changes)", () => {
    const random = rng(19);
    const [rows, lanes, stride] = [7, 4, 8];
    const r = Float64Array.from({ length: rows * stride }, () => gaussian(random));
    const p = Float64Array.from({ length: rows * stride }, () => gaussian(random));
    const inverse = Float64Array.from({ length: rows }, () => 0.1 + random());
    const outs = backends.map((backend) => {
      const k = backend.sparse.float64;
      // p and hp interleaved (hp = p + lanes), as the Newton system has them.
      return withHeap(backend, [new Float64Array(r.length), r, p, Float64Array.from(p), inverse, new Float64Array(4)], ([x, pr, pp, pq, inv, s]) => {
        k.cgStart(x, pr, pp, inv, rows, lanes, stride, s, 0, pp + lanes * 8);
        k.cgStart(x, pr, pq, inv, rows, lanes, stride, s + 16, 0);
        const a = read(backend, pp, p.length);
        const b = read(backend, pq, p.length);
        expect(a.filter((_, i) => i % stride < lanes)).toEqual(b.filter((_, i) => i % stride < lanes));
        expect(a.filter((_, i) => i % stride >= lanes).every((v) => Object.is(v, 0))).toBe(true);
        expect(read(backend, s, 2)).toEqual(read(backend, s + 16, 2));
        backend.heap.f64.set(p, pp >>> 3);
        backend.heap.f64.set(p, pq >>> 3);
        k.cgDirection(pr, pp, inv, rows, lanes, stride, 0.4, pp + lanes * 8);
        k.cgDirection(pr, pq, inv, rows, lanes, stride, 0.4);
        const c = read(backend, pp, p.length);
        const d = read(backend, pq, p.length);
        expect(c.filter((_, i) => i % stride < lanes)).toEqual(d.filter((_, i) => i % stride < lanes));
        expect(c.filter((_, i) => i % stride >= lanes).every((v) => Object.is(v, 0))).toBe(true);
        return [a, c];
      });
    });
    expect(outs[0]).toEqual(outs[1]);
  });

  it("curvatureDiagonal: f64 and f32 values, with and without intercepts, = the plain loop", () => {
    const random = rng(13);
    const [n, d, K] = [40, 12, 3];
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    for (let i = 0; i < n; i++) {
      const count = Math.floor(random() * 5);
      for (let e = 0; e < count; e++) indices.push(Math.floor(random() * d));
      indptr[i + 1] = indices.length;
    }
    const idx = Int32Array.from(indices);
    const values64 = Float64Array.from(idx, () => Math.round(8 * gaussian(random)) / 4);
    const values32 = Float32Array.from(values64);
    const p = Float64Array.from({ length: n * K }, () => random() / K);
    const w = Float64Array.from({ length: n }, () => 2 * random());
    for (const fitIntercept of [0, 1]) {
      const want = new Float64Array(d + 1);
      let intercept = 0;
      for (let i = 0; i < n; i++) {
        let squares = 0;
        for (let k = 0; k < K; k++) squares += p[i * K + k] * p[i * K + k];
        const c = (w[i] * (1 - squares)) / K;
        intercept += c;
        for (let e = indptr[i]; e < indptr[i + 1]; e++) want[1 + idx[e]] += c * values64[e] * values64[e];
      }
      want[0] = fitIntercept ? intercept : 0;
      for (const backend of backends) {
        for (const values of [values64, values32]) {
          const got = withHeap(backend, [indptr, idx, values, p, w, Float64Array.from({ length: d + 1 }, () => 7)], ([pi, px, pv, pp, pw, out]) => {
            backend.sparse.float64.curvatureDiagonal(values.BYTES_PER_ELEMENT, pi, px, pv, n, d + 1, K, pp, pw, out, fitIntercept);
            return read(backend, out, d + 1);
          });
          expect(got).toEqual(Array.from(want));
        }
      }
    }
  });
});
