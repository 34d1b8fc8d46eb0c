// The layout conversions (assembly/sparse/transpose.ts, two columns at a time with a lone
// last one) against their JS twin (src/backends/js-sparse-cg.ts): the same rows, the same
// block, the same sum of squares to the bit, and the same non-finite flag, for odd and even
// K and column counts, a row map, interleaved strides and every penalisedFrom.
import { describe, expect, it } from "vitest";
// The package entry initialises the WebAssembly backend.
import "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { seededRandom } from "../src/util/random.js";

type Backend = ReturnType<typeof getBackend>;

function run(backend: Backend, K: number, cols: number, stride: number, offset: number, penalisedFrom: number, block: Float64Array, rowMap: Int32Array, layoutInit: Float64Array) {
  const heap = backend.heap;
  const k = backend.sparse.float64;
  const rows = layoutInit.length / stride;
  const [b, l, m, s, out] = [heap.alloc(block.length * 8), heap.alloc(layoutInit.length * 8), heap.alloc(rowMap.length * 4), heap.alloc(8), heap.alloc(block.length * 8)];
  try {
    heap.f64.set(block, b >>> 3);
    heap.f64.set(layoutInit, l >>> 3);
    heap.i32.set(rowMap, m >>> 2);
    const flag = k.toLayout(b, cols, K, l, stride, m, penalisedFrom, s);
    const sum = heap.f64[s >>> 3];
    const layout = Float64Array.from(heap.f64.subarray(l >>> 3, (l >>> 3) + rows * stride));
    k.fromLayout(l, stride, m, offset, out, cols, K, 0.37, 0.011, penalisedFrom);
    const back = Float64Array.from(heap.f64.subarray(out >>> 3, (out >>> 3) + block.length));
    return { flag, sum, layout: Array.from(layout), back: Array.from(back) };
  } finally {
    for (const p of [b, l, m, s, out]) heap.free(p);
  }
}

describe("sparse layout conversions: WebAssembly and JS agree bit for bit", () => {
  it("toLayout and fromLayout on odd and even K and column counts, mapped rows, every penalisedFrom, non-finite values", () => {
    const random = seededRandom(11);
    const wasm = getBackend("wasm");
    const js = getBackend("js");
    for (const K of [1, 2, 3, 4, 5, 10, 11]) {
      const KP = (K + 1) & ~1;
      for (const cols of [1, 2, 3, 7, 8]) {
        for (const interleaved of [false, true]) {
          const stride = interleaved ? 2 * KP : KP;
          const offset = interleaved ? KP : 0;
          // A permutation of cols rows (the CSR's renumbering), in a layout of cols rows.
          const rowMap = Int32Array.from({ length: cols }, (_, i) => i);
          for (let i = cols - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [rowMap[i], rowMap[j]] = [rowMap[j], rowMap[i]];
          }
          for (const bad of [null, NaN, Infinity, -Infinity]) {
            const block = Float64Array.from({ length: K * cols }, () => (random() - 0.5) * 10);
            if (bad !== null) block[Math.floor(random() * block.length)] = bad;
            const layoutInit = Float64Array.from({ length: cols * stride }, () => random());
            for (let penalisedFrom = 0; penalisedFrom <= cols + 1; penalisedFrom++) {
              const a = run(wasm, K, cols, stride, offset, penalisedFrom, block, rowMap, layoutInit);
              const b = run(js, K, cols, stride, offset, penalisedFrom, block, rowMap, layoutInit);
              const label = `K ${K}, cols ${cols}, stride ${stride}, penalisedFrom ${penalisedFrom}, bad ${bad}`;
              expect(a.flag, label).toBe(bad === null ? 0 : 1);
              expect(b.flag, label).toBe(a.flag);
              expect(Object.is(a.sum, b.sum), `${label}: ${a.sum} vs ${b.sum}`).toBe(true);
              expect(a.layout, label).toEqual(b.layout);
              expect(a.back, label).toEqual(b.back);
              // The θ lanes hold the block; the others are as they were.
              for (let c = 0; c < cols; c++) {
                for (let k = 0; k < stride; k++) {
                  const want = k < K ? block[k * cols + c] : layoutInit[rowMap[c] * stride + k];
                  expect(Object.is(a.layout[rowMap[c] * stride + k], want), label).toBe(true);
                }
              }
            }
          }
        }
      }
    }
  });
});
