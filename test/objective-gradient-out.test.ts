// createObjective's gradient(θ, out): the same bits as the returning form written into the
// caller's Float64Array (θ itself allowed), on dense and CSR data and both backends; a wrong
// `out` is INVALID_ARGUMENT naming it, and `out` stays as it was whenever the call throws
// (CSR objectives write into out directly, so also when the loss turns out not finite).
import { describe, expect, it } from "vitest";
import { createObjective } from "../src/index.js";
import { seededRandom } from "../src/util/random.js";

const CSR = { indptr: [0, 2, 3, 5, 7], indices: [0, 2, 1, 0, 1, 3, 2], data: [1, 2, 3, -1, 0.5, 4, -2], rows: 4, cols: 4 };
const DENSE = [
  [1, 0, 2, 0],
  [0, 3, 0, 0],
  [-1, 0.5, 0, 0],
  [0, 0, -2, 4],
];
const y = ["a", "b", "c", "a"];

function randomTheta(size: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => random() * 2 - 1);
}

describe("createObjective gradient(θ, out)", () => {
  it.each([
    ["CSR", "wasm"],
    ["CSR", "js"],
    ["dense", "wasm"],
    ["dense", "js"],
  ] as const)("%s on %s: the returning form's bits, out returned, reused from call to call", (kind, backend) => {
    for (const fitIntercept of [true, false]) {
      const objective = createObjective(kind === "CSR" ? CSR : DENSE, y, { l2: 0.1, backend, fitIntercept });
      const out = new Float64Array(objective.size).fill(7);
      for (let seed = 1; seed <= 3; seed++) {
        const theta = randomTheta(objective.size, seed);
        const expected = objective.gradient(theta);
        expect(objective.gradient(theta, out)).toBe(out);
        expect(Array.from(out)).toEqual(Array.from(expected));
        // θ as a plain array, and θ itself as out (θ is read before out is written).
        expect(Array.from(objective.gradient(Array.from(theta), out))).toEqual(Array.from(expected));
        const same = Float64Array.from(theta);
        expect(Array.from(objective.gradient(same, same))).toEqual(Array.from(expected));
      }
      objective.dispose();
    }
  });

  it("matches a central finite difference of value (CSR, wasm)", () => {
    const objective = createObjective(CSR, y, { l2: 0.05 });
    const theta = randomTheta(objective.size, 9);
    const out = objective.gradient(theta, new Float64Array(objective.size));
    const h = 1e-6;
    for (let i = 0; i < objective.size; i++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[i] += h;
      minus[i] -= h;
      expect(out[i]).toBeCloseTo((objective.value(plus) - objective.value(minus)) / (2 * h), 6);
    }
    objective.dispose();
  });

  it("a wrong out is INVALID_ARGUMENT naming it, and nothing is written", () => {
    const objective = createObjective(CSR, y, { l2: 0.1 });
    const P = objective.size;
    const theta = randomTheta(P, 4);
    const cases: unknown[] = [
      null,
      [],
      new Array(P).fill(0),
      new Float32Array(P),
      new Float64Array(P + 1),
      new Float64Array(0),
      new Proxy(new Float64Array(P), {}),
      { length: P },
      new DataView(new ArrayBuffer(P * 8)),
    ];
    for (const bad of cases) {
      expect(() => objective.gradient(theta, bad as Float64Array)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/^out must /) }));
    }
    expect(() => objective.gradient(theta, new Float64Array(P + 1))).toThrow(expect.objectContaining({ message: `out must have length K(d+1) = ${P}, got ${P + 1}` }));
    // A subclass that lies about its length is measured by the intrinsic getter.
    class Liar extends Float64Array {
      override get length(): number {
        return P;
      }
    }
    expect(() => objective.gradient(theta, new Liar(3))).toThrow(expect.objectContaining({ message: `out must have length K(d+1) = ${P}, got 3` }));
    objective.dispose();
  });

  it("out stays as it was when θ is refused or the objective is disposed", () => {
    const objective = createObjective(CSR, y, { l2: 0.1 });
    const out = new Float64Array(objective.size).fill(3);
    const theta = randomTheta(objective.size, 5);
    theta[4] = NaN;
    expect(() => objective.gradient(theta, out)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: "theta[4] is NaN" }));
    expect(() => objective.gradient(new Float64Array(objective.size + 2), out)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(out.every((v) => v === 3)).toBe(true);
    objective.dispose();
    expect(() => objective.gradient(new Float64Array(objective.size), out)).toThrow(expect.objectContaining({ code: "DISPOSED" }));
    expect(out.every((v) => v === 3)).toBe(true);
  });

  it.each([
    ["CSR", "wasm"],
    ["CSR", "js"],
    ["dense", "wasm"],
    ["dense", "js"],
  ] as const)("%s on %s: a loss that overflows is NUMERICAL and leaves out as it was", (kind, backend) => {
    const objective = createObjective(kind === "CSR" ? CSR : DENSE, y, { l2: 0.1, backend });
    const theta = new Float64Array(objective.size).fill(1e308);
    const out = new Float64Array(objective.size).fill(3);
    expect(() => objective.gradient(theta)).toThrow(expect.objectContaining({ code: "NUMERICAL" }));
    expect(() => objective.gradient(theta, out)).toThrow(expect.objectContaining({ code: "NUMERICAL" }));
    expect(out.every((v) => v === 3)).toBe(true);
    // And the objective works on afterwards.
    const fine = randomTheta(objective.size, 8);
    expect(Array.from(objective.gradient(fine, out))).toEqual(Array.from(objective.gradient(fine)));
    objective.dispose();
  });

  it("a subclass's own set is never called, and θ's getters cannot detach out before it is checked", () => {
    const objective = createObjective(CSR, y, { l2: 0.1 });
    const P = objective.size;
    const theta = randomTheta(P, 6);
    const expected = Array.from(objective.gradient(theta));
    let calls = 0;
    class Spy extends Float64Array {
      override set(...args: Parameters<Float64Array["set"]>): void {
        calls++;
        super.set(...args);
      }
    }
    const spy = new Spy(P);
    const own = new Float64Array(P);
    Object.defineProperty(own, "set", { value: () => calls++ });
    expect(Array.from(objective.gradient(theta, spy))).toEqual(expected);
    expect(Array.from(objective.gradient(theta, own))).toEqual(expected);
    expect(calls).toBe(0);
    // θ read entry by entry through a proxy whose getter transfers (detaches) out's buffer.
    const out = new Float64Array(P);
    const hostile = new Proxy(Array.from(theta), {
      get(target, key) {
        if (key === "0" && out.length > 0) structuredClone(out.buffer, { transfer: [out.buffer] });
        return Reflect.get(target, key);
      },
    });
    expect(() => objective.gradient(hostile, out)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT", message: `out must have length K(d+1) = ${P}, got 0` }));
    objective.dispose();
  });
});
