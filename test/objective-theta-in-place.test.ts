// createObjective on CSR data reads a Float64Array θ in place: through a plain view of its
// memory, checked for non-finite entries in the pass that writes it into the kernels' rows
// (no copy, no separate check). The same answers and errors as the checked copy: θ's first
// non-finite entry named, out untouched, θ's errors before out's, no code of a subclass's
// run, and what the objective kept (probabilities at the last θ) not mistaken afterwards.
import { describe, expect, it } from "vitest";
import { createObjective } from "../src/index.js";
import { seededRandom } from "../src/util/random.js";

// 24 columns (≥ 2048 would renumber; the small matrix keeps the caller's numbering) and a
// wide one that is renumbered (resident-csr.ts), so both row maps are covered.
function csr(rows: number, cols: number, seed: number) {
  const random = seededRandom(seed);
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < rows; r++) {
    const taken = new Set<number>();
    const count = 1 + Math.floor(random() * 6);
    while (taken.size < count) taken.add(Math.floor(random() * cols));
    for (const c of [...taken].sort((a, b) => a - b)) {
      indices.push(c);
      data.push(Math.round((random() * 4 - 2) * 4) / 4 || 1);
    }
    indptr.push(indices.length);
  }
  return { indptr, indices, data, rows, cols };
}
const SMALL = csr(40, 24, 1);
const WIDE = csr(60, 2100, 2);
const labels = (n: number) => Array.from({ length: n }, (_, i) => ["a", "b", "c"][i % 3]);

function randomTheta(size: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => 0.3 * (random() * 2 - 1));
}

describe("createObjective on CSR: θ read in place", () => {
  it.each([
    ["small", "wasm"],
    ["small", "js"],
    ["wide", "wasm"],
    ["wide", "js"],
  ] as const)("%s on %s: a subclass, a view at an offset and a plain array give the same bits; no method of θ's runs", (which, backend) => {
    const X = which === "small" ? SMALL : WIDE;
    for (const fitIntercept of [true, false]) {
      const objective = createObjective(X, labels(X.rows), { l2: 0.1, backend, fitIntercept });
      const P = objective.size;
      const theta = randomTheta(P, 3);
      const expected = Array.from(objective.gradient(Array.from(theta)));
      const value = objective.value(Array.from(theta));
      let calls = 0;
      class Hostile extends Float64Array {
        static override get [Symbol.species]() {
          calls++;
          return Float64Array;
        }
        override subarray(...args: Parameters<Float64Array["subarray"]>): Float64Array {
          calls++;
          return super.subarray(...args);
        }
        override get buffer(): ArrayBuffer {
          calls++;
          return new ArrayBuffer(8);
        }
        override get byteOffset(): number {
          calls++;
          return 8;
        }
      }
      const hostile = new Hostile(P);
      hostile.set(theta);
      const offset = new Float64Array(new ArrayBuffer((P + 3) * 8), 24, P);
      offset.set(theta);
      for (const t of [theta, hostile, offset]) {
        expect(Array.from(objective.gradient(t))).toEqual(expected);
        expect(Array.from(objective.gradient(t, new Float64Array(P)))).toEqual(expected);
        expect(objective.value(t)).toBe(value);
      }
      expect(calls).toBe(0);
      // θ untouched by the calls.
      expect(Array.from(offset)).toEqual(Array.from(theta));
      objective.dispose();
    }
  });

  it.each(["wasm", "js"] as const)("on %s: a non-finite θ entry is named (the first one), out stays, and the kept probabilities are not mistaken for θ's", (backend) => {
    for (const X of [SMALL, WIDE]) {
      for (const fitIntercept of [true, false]) {
        const objective = createObjective(X, labels(X.rows), { l2: 0.1, backend, fitIntercept });
        const fresh = createObjective(X, labels(X.rows), { l2: 0.1, backend, fitIntercept });
        const P = objective.size;
        const m = X.cols + 1;
        const theta = randomTheta(P, 5);
        const v = randomTheta(P, 6);
        // Probabilities kept at θ (a Hessian-vector product keeps them from then on).
        const before = Array.from(objective.hessianVectorProduct(theta, v));
        // Intercept entries too (checked with or without intercepts), the last entry, and two bad entries.
        for (const [positions, bad] of [[[0], NaN], [[m], Infinity], [[P - 1], -Infinity], [[7, 3], NaN], [[m + 1, 2 * m], 1 / 0]] as const) {
          const wrong = Float64Array.from(theta);
          for (const i of positions) wrong[i] = bad;
          const first = Math.min(...positions);
          const message = `theta[${first}] is ${bad}`;
          const out = new Float64Array(P).fill(3);
          expect(() => objective.gradient(wrong, out)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
          expect(() => objective.gradient(wrong)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
          expect(() => objective.value(wrong)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
          // θ's error before out's, as with the checked copy.
          expect(() => objective.gradient(wrong, new Float64Array(1))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
          expect(out.every((x) => x === 3)).toBe(true);
          // The rows held part of the refused θ: the product at θ is recomputed, not read from them.
          expect(Array.from(objective.hessianVectorProduct(theta, v))).toEqual(before);
        }
        // And every answer at θ is the fresh objective's.
        expect(Array.from(objective.gradient(theta))).toEqual(Array.from(fresh.gradient(theta)));
        expect(objective.value(theta)).toBe(fresh.value(theta));
        expect(Array.from(objective.hessianVectorProduct(theta, v))).toEqual(Array.from(fresh.hessianVectorProduct(theta, v)));
        objective.dispose();
        fresh.dispose();
      }
    }
  });

  it("a good θ and a bad out: out's error; a wrong-length θ: θ's", () => {
    const objective = createObjective(SMALL, labels(SMALL.rows), { l2: 0.1 });
    const P = objective.size;
    const theta = randomTheta(P, 7);
    expect(() => objective.gradient(theta, new Float64Array(P + 1))).toThrow(expect.objectContaining({ message: `out must have length K(d+1) = ${P}, got ${P + 1}` }));
    expect(() => objective.gradient(new Float64Array(P + 1), new Float64Array(P + 1))).toThrow(expect.objectContaining({ message: `theta must have length K(d+1) = ${P}, got ${P + 1}` }));
    objective.dispose();
  });
});
