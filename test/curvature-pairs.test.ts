// L-BFGS's pair memory: a pair without positive curvature is skipped and must leave the ring
// alone. It used to be written into the next slot before the test, which, once the memory was
// full, gave the two-loop the oldest pair's ρ with the skipped pair's s and y.
import { describe, expect, it } from "vitest";
import { CurvaturePairs } from "../src/solvers/curvature-pairs.js";

describe("CurvaturePairs", () => {
  it("a skipped pair changes neither the stored pairs nor the direction, also with the memory full", () => {
    const P = 3;
    const pairs = CurvaturePairs.standalone(P, 2);
    const zero = new Float64Array(P);
    expect(pairs.pushPair(Float64Array.of(1, 0, 0), Float64Array.of(2, 0, 0))).toBe(true);
    expect(pairs.pushPair(Float64Array.of(0, 1, 0), Float64Array.of(0, 3, 1))).toBe(true);
    const before = pairs.pairs();
    const g = Float64Array.of(1, -2, 0.5);
    const d0 = new Float64Array(P);
    const slope0 = pairs.direction(g, d0);
    // sᵀy < 0: no curvature, skipped.
    expect(pairs.push(zero, zero, Float64Array.of(0, 0, 1), Float64Array.of(0, 0, -1))).toBe(false);
    expect(pairs.pairs()).toEqual(before);
    const d1 = new Float64Array(P);
    expect(pairs.direction(g, d1)).toBe(slope0);
    expect(d1).toEqual(d0);
    pairs.free();
  });
});
