// createObjective's θ and v: a real Float64Array is copied in bulk and then checked (the fast
// path of text-sized problems), anything else entry by entry; both give the same errors and the same bits, the
// caller's arrays are never changed, and every call returns a new array.
import { describe, expect, it } from "vitest";
import { createObjective } from "../src/index.js";

const X = { indptr: [0, 2, 3, 5], indices: [0, 2, 1, 0, 1], data: [1, 2, 3, -1, 0.5], rows: 3, cols: 3 };
const y = ["a", "b", "c"];

describe("createObjective's parameter vectors", () => {
  it.each([NaN, Infinity, -Infinity])("a Float64Array holding %s: INVALID_ARGUMENT naming the entry, wherever it is", (bad) => {
    const objective = createObjective(X, y, { l2: 0.1 });
    for (const at of [0, 5, objective.size - 1]) {
      const theta = new Float64Array(objective.size);
      theta[at] = bad;
      expect(() => objective.gradient(theta)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: `theta[${at}] is ${bad}` }));
      expect(() => objective.hessianVectorProduct(new Float64Array(objective.size), theta)).toThrow(expect.objectContaining({ message: `v[${at}] is ${bad}` }));
      // The same message as for a plain array.
      expect(() => objective.gradient(Array.from(theta))).toThrow(expect.objectContaining({ message: `theta[${at}] is ${bad}` }));
    }
    objective.dispose();
  });

  // CSR data on both backends: K even and odd (the layout kernels take an odd K's last class on
  // its own), several staging blocks of columns (d = 9000 at K = 7: 4681 columns a block), with
  // and without intercepts (whose entries are checked all the same).
  it.each([
    { backend: "wasm", K: 7, fitIntercept: true },
    { backend: "js", K: 7, fitIntercept: false },
    { backend: "wasm", K: 4, fitIntercept: false },
    { backend: "js", K: 4, fitIntercept: true },
  ] as const)("CSR on $backend, K = $K, intercept $fitIntercept: a non-finite entry anywhere is INVALID_ARGUMENT naming it, for every method", ({ backend, K, fitIntercept }) => {
    const d = 9000;
    const rows = 12;
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (const j of [r, 4000 + r, 8990 - r]) {
        indices.push(j);
        data.push(1 + r / 10);
      }
      indptr.push(indices.length);
    }
    const labels = Array.from({ length: rows }, (_, r) => r % K);
    const objective = createObjective({ indptr, indices, data, rows, cols: d }, labels, { l2: 0.1, backend, fitIntercept });
    const P = objective.size;
    const m = d + 1;
    const fine = new Float64Array(P).fill(0.01);
    // Intercepts, the first and the last block, the odd K's last class.
    for (const at of [0, 1, 4700, m - 1, (K - 1) * m, (K - 1) * m + 4690, P - 1]) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const theta = fine.slice();
        theta[at] = bad;
        const message = `theta[${at}] is ${bad}`;
        expect(() => objective.gradient(theta)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
        expect(() => objective.value(theta)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
        expect(() => objective.hessianVectorProduct(theta, fine)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message }));
        expect(() => objective.hessianVectorProduct(fine, theta)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: `v[${at}] is ${bad}` }));
      }
    }
    // The objective works on afterwards, with the same bits as a fresh one.
    const again = createObjective({ indptr, indices, data, rows, cols: d }, labels, { l2: 0.1, backend, fitIntercept });
    expect(Array.from(objective.gradient(fine))).toEqual(Array.from(again.gradient(fine)));
    expect(Array.from(objective.hessianVectorProduct(fine, fine))).toEqual(Array.from(again.hessianVectorProduct(fine, fine)));
    objective.dispose();
    again.dispose();
  });

  it("a wrong length, also one a subclass or a proxy claims: INVALID_ARGUMENT", () => {
    const objective = createObjective(X, y, { l2: 0.1 });
    expect(() => objective.gradient(new Float64Array(objective.size + 1))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    class Liar extends Float64Array {
      override get length(): number {
        return 12;
      }
    }
    expect(() => objective.gradient(new Liar(3))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: "theta must have length K(d+1) = 12, got 3" }));
    // A proxy is no typed array: a proxy of a Float64Array is refused, one of an array read entry by entry, each once.
    expect(() => objective.gradient(new Proxy(new Float64Array(objective.size), {}))).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    const reads: number[] = [];
    const proxy = new Proxy(new Array<number>(objective.size).fill(0.5), {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads.push(Number(key));
        return Reflect.get(target, key);
      },
    });
    const g = objective.gradient(proxy);
    expect(reads).toEqual(Array.from({ length: objective.size }, (_, i) => i));
    expect(g).toEqual(objective.gradient(new Float64Array(objective.size).fill(0.5)));
    objective.dispose();
  });

  it("same bits from a Float64Array and a number[]; new arrays every call; the caller's arrays untouched", () => {
    const objective = createObjective(X, y, { l2: 0.1 });
    const theta = Float64Array.from({ length: objective.size }, (_, i) => Math.sin(i + 1));
    const v = Float64Array.from({ length: objective.size }, (_, i) => Math.cos(i + 1));
    const [t0, v0] = [theta.slice(), v.slice()];
    const a = objective.gradient(theta);
    const b = objective.gradient(Array.from(theta));
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    const other = objective.gradient(new Float64Array(objective.size));
    expect(a).toEqual(b); // an earlier result is not overwritten by a later call
    expect(other).not.toEqual(a);
    expect(objective.hessianVectorProduct(theta, v)).toEqual(objective.hessianVectorProduct(Array.from(theta), Array.from(v)));
    expect(objective.value(theta)).toBe(objective.value(Array.from(theta)));
    expect(theta).toEqual(t0);
    expect(v).toEqual(v0);
    objective.dispose();
  });
});
