// A float64 fit's CSR values that float32 holds exactly are stored as float32 (resident-csr.ts):
// the kernels promote each value to float64 as they load it, so every answer keeps its bits.
import { describe, expect, it } from "vitest";
import { createObjective } from "../src/index.js";
import { getBackend } from "../src/backends/training-backends.js";
import { csrOf, readTrainingSet } from "../src/input/training-set.js";
import { ResidentCsr } from "../src/objective/resident-csr.js";
import { bagOfWords } from "../bench/sparse/bag-of-words.js";
import { seededRandom } from "../src/util/random.js";

const X = {
  indptr: Int32Array.from([0, 3, 5, 6]),
  indices: Int32Array.from([0, 2, 3, 1, 3, 2]),
  data: Float64Array.from([1, 2.5, -3, 2 ** 23 + 1, 0.375, 1e-30]),
  rows: 3,
  cols: 4,
};
const y = [0, 1, 0];

describe("CSR values float32 holds exactly, stored as float32", () => {
  it.each(["wasm", "js"] as const)("%s: narrowed when every value is exact in float32, with half the value bytes; kept as float64 otherwise", (backend) => {
    const heap = getBackend(backend).heap;
    const exact = Math.fround(1e-30);
    const cases: Array<[number[], "float32" | "float64"]> = [
      [[1, 2.5, -3, 2 ** 23 + 1, 0.375, exact], "float32"],
      [[1, 2, 3, 4, 5, -0], "float32"],
      [[1, 2, 3, 4, 5, 0.1], "float64"],
      [[1, 2, 3, 4, 5, 2 ** 24 + 1], "float64"],
      [[1, 2, 3, 4, 5, 1e-46], "float64"],
      [[1, 2, 3, 4, 5, 3.5e38], "float64"],
    ];
    for (const [values, expected] of cases) {
      const before = heap.bytesInUse;
      const csr = new ResidentCsr(getBackend(backend), csrOf(readTrainingSet({ ...X, data: Float64Array.from(values) }, y, undefined))!, "float64");
      try {
        expect(csr.dtype).toBe("float64");
        expect(csr.valueDtype).toBe(expected);
        expect(csr.valueBytes).toBe(expected === "float32" ? 4 : 8);
        const view = csr.valueView();
        expect(view).toBeInstanceOf(expected === "float32" ? Float32Array : Float64Array);
        expect(Array.from(view.subarray(0, 6)).map((v) => Object.is(v, -0) ? "-0" : v)).toEqual(values.map((v) => Object.is(v, -0) ? "-0" : v));
        // indptr, indices, values (6 entries of 4 or 8 bytes, each region rounded to 16) and the 5 layout rows.
        const round = (b: number) => Math.ceil(b / 16) * 16;
        expect(heap.bytesInUse - before).toBe(round(16) + round(24) + round(6 * csr.valueBytes) + round(20));
      } finally {
        csr.release();
      }
      expect(heap.bytesInUse).toBe(before);
    }
    // A float32 fit stores float32 as it always did.
    const f32 = new ResidentCsr(getBackend(backend), csrOf(readTrainingSet(X, y, undefined))!, "float32");
    expect([f32.dtype, f32.valueDtype]).toEqual(["float32", "float32"]);
    f32.release();
  });

  it.each(["wasm", "js"] as const)("%s: the same bits as the values stored as float64 (a zero-weight row holding 0.1 keeps them float64)", (backend) => {
    // 300 columns: below 2048 the stored numbering is the caller's, so the extra row changes no order.
    const set = bagOfWords({ rows: 300, cols: 1000, perRow: 20, K: 3, seed: 4 });
    const labels = Array.from(set.y);
    const n = set.X.rows;
    const plain = { ...set.X };
    const nnz = set.X.indptr[n];
    const wider = {
      indptr: Int32Array.from([...set.X.indptr, nnz + 1]),
      indices: Int32Array.from([...set.X.indices, 0]),
      data: Float64Array.from([...set.X.data, 0.1]),
      rows: n + 1,
      cols: set.X.cols,
    };
    for (const fitIntercept of [true, false]) {
      const narrowed = createObjective(plain, labels, { l2: 1e-3, backend, fitIntercept, sampleWeight: new Array(n).fill(1) });
      const wide = createObjective(wider, [...labels, labels[0]], { l2: 1e-3, backend, fitIntercept, sampleWeight: [...new Array(n).fill(1), 0] });
      const random = seededRandom(3);
      for (let round = 0; round < 3; round++) {
        const theta = Float64Array.from({ length: narrowed.size }, () => random() - 0.5);
        const v = Float64Array.from({ length: narrowed.size }, () => random() - 0.5);
        expect(narrowed.value(theta)).toBe(wide.value(theta));
        expect(Array.from(narrowed.gradient(theta))).toEqual(Array.from(wide.gradient(theta)));
        expect(Array.from(narrowed.hessianVectorProduct(theta, v))).toEqual(Array.from(wide.hessianVectorProduct(theta, v)));
      }
      narrowed.dispose();
      wide.dispose();
    }
  });
});
